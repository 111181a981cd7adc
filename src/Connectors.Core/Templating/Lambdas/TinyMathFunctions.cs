using System.Diagnostics.CodeAnalysis;

namespace Connectors.Templating.Internal;

/// <summary>tinymath's function set, with its array (index-wise) semantics and error texts.</summary>
internal static class TinyMathFunctions
{
    private delegate object? Fn(object?[] args);

    private static readonly Dictionary<string, (Fn Fn, bool Skip)> Functions = new(StringComparer.Ordinal)
    {
        ["abs"] = (a => Map(Arg(a, 0), Math.Abs), false),
        ["add"] = (a => Fold(a, (x, y) => x + y), false),
        ["cbrt"] = (a => Map(Arg(a, 0), Cbrt), false),
        ["ceil"] = (a => Map(Arg(a, 0), Math.Ceiling), false),
        ["clamp"] = (Clamp, false),
        ["cos"] = (a => Map(Arg(a, 0), Math.Cos), false),
        ["count"] = (Size, true),
        ["cube"] = (a => Map(Arg(a, 0), x => x * x * x), false),
        ["degtorad"] = (a => Map(Arg(a, 0), x => x * Math.PI / 180), false),
        ["divide"] = (a => Pair(Arg(a, 0), Arg(a, 1), (x, y) => y == 0 ? throw new TinyMathException("Cannot divide by 0") : x / y), false),
        ["exp"] = (a => Map(Arg(a, 0), Math.Exp), false),
        ["first"] = (a => Arg(a, 0) is List<object?> l ? (l.Count > 0 ? l[0] : TinyMath.Undefined) : Arg(a, 0), true),
        ["fix"] = (a => Map(Arg(a, 0), Math.Truncate), false),
        ["floor"] = (a => Map(Arg(a, 0), Math.Floor), false),
        ["last"] = (a => Arg(a, 0) is List<object?> l ? (l.Count > 0 ? l[^1] : TinyMath.Undefined) : Arg(a, 0), true),
        ["log"] = (Log, false),
        ["log10"] = (a => Log([Arg(a, 0), 10d]), false),
        ["max"] = (a => Fold(a, Math.Max), false),
        ["mean"] = (Mean, false),
        ["median"] = (a => ByIndex(a, Median), false),
        ["min"] = (a => Fold(a, Math.Min), false),
        ["mod"] = (a => Pair(Arg(a, 0), Arg(a, 1), (x, y) => y == 0 ? throw new TinyMathException("Cannot divide by 0") : x % y), false),
        ["mode"] = (a => ByIndex(a, Mode), false),
        ["multiply"] = (a => Fold(a, (x, y) => x * y), false),
        ["pow"] = (Pow, false),
        ["radtodeg"] = (a => Map(Arg(a, 0), x => x * 180 / Math.PI), false),
        ["range"] = (a => Pair(Fold(a, Math.Max), Fold(a, Math.Min), (x, y) => x - y), false),
        ["round"] = (Round, false),
        ["sin"] = (a => Map(Arg(a, 0), Math.Sin), false),
        ["size"] = (Size, true),
        ["sqrt"] = (a => Map(Arg(a, 0), x => x < 0 ? throw new TinyMathException("Unable find the square root of a negative number") : Math.Sqrt(x)), false),
        ["square"] = (a => Map(Arg(a, 0), x => x * x), false),
        ["subtract"] = (a => Pair(Arg(a, 0), Arg(a, 1), (x, y) => x - y), false),
        ["sum"] = (Sum, false),
        ["tan"] = (a => Map(Arg(a, 0), Math.Tan), false),
        ["pi"] = (_ => Math.PI, false),
        ["random"] = (Random, false),
        ["unique"] = (Unique, true),
    };

    /// <summary>Looks up a function by its tinymath name.</summary>
    internal static bool TryGet(string name, [NotNullWhen(true)] out Func<object?[], object?>? fn, out bool skipValidation)
    {
        if (Functions.TryGetValue(name, out var entry))
        {
            fn = args => entry.Fn(args);
            skipValidation = entry.Skip;
            return true;
        }

        fn = null;
        skipValidation = false;
        return false;
    }

    private static object? Arg(object?[] args, int index) => index < args.Length ? args[index] : null;

    private static double Num(object? value) => value is double d ? d : double.NaN;

    private static object Map(object? a, Func<double, double> f) =>
        a is List<object?> list ? list.Select(v => (object?)f(Num(v))).ToList() : f(Num(a));

    private static object Pair(object? a, object? b, Func<double, double, double> f)
    {
        if (a is List<object?> la && b is List<object?> lb)
        {
            return la.Count != lb.Count
                ? throw new TinyMathException("Array length mismatch")
                : la.Select((v, i) => (object?)f(Num(v), Num(lb[i]))).ToList();
        }

        if (a is List<object?> l1)
        {
            return l1.Select(v => (object?)f(Num(v), Num(b))).ToList();
        }

        return b is List<object?> l2 ? l2.Select(v => (object?)f(Num(a), Num(v))).ToList() : f(Num(a), Num(b));
    }

    private static object? Fold(object?[] args, Func<double, double, double> f)
    {
        if (args.Length == 0)
        {
            throw new TinyMathException("Reduce of empty array with no initial value");
        }

        if (args.Length == 1)
        {
            return args[0] is List<object?> list
                ? (list.Count == 0 ? throw new TinyMathException("Reduce of empty array with no initial value") : list.Select(Num).Aggregate(f))
                : args[0];
        }

        var acc = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var current = args[i];
            acc = acc is List<object?> || current is List<object?>
                ? PairCommutative(acc, current, f)
                : f(Num(acc), Num(current));
        }

        return acc;
    }

    // add/max/min/multiply put the array element first whichever side it is on.
    private static object PairCommutative(object? a, object? b, Func<double, double, double> f) =>
        a is not List<object?> && b is List<object?> lb
            ? lb.Select(v => (object?)f(Num(v), Num(a))).ToList()
            : Pair(a, b, f);

    private static object? Size(object?[] args) =>
        Arg(args, 0) is List<object?> list ? (double)list.Count : throw new TinyMathException("Must pass an array");

    // JavaScript's indexOf-based count: NaN never equals itself, so NaN elements are not counted.
    private static object? Unique(object?[] args) =>
        Arg(args, 0) is List<object?> list
            ? (double)list.Where(v => v is not double d || !double.IsNaN(d)).Distinct().Count()
            : 1d;

    private static object? Random(object?[] args)
    {
        var r = System.Random.Shared.NextDouble();
        if (args.Length == 0)
        {
            return r;
        }

        var a = Num(args[0]);
        if (args.Length == 1)
        {
            return a * r;
        }

        var b = Num(args[1]);
        return a > b ? throw new TinyMathException("Min is greater than max") : a + ((b - a) * r);
    }

    private static object? Sum(object?[] args)
    {
        var total = 0d;
        foreach (var arg in args)
        {
            total += arg is List<object?> list ? list.Sum(Num) : Num(arg);
        }

        return total;
    }

    private static object? Mean(object?[] args)
    {
        if (args.Length == 1)
        {
            return args[0] is List<object?> list ? Num(Fold([list], (x, y) => x + y)) / list.Count : args[0];
        }

        var sum = Fold(args, (x, y) => x + y);
        return Map(sum, x => x / args.Length);
    }

    private static object? ByIndex(object?[] args, Func<List<double>, object?> reduce)
    {
        if (args.Length == 1)
        {
            return args[0] is List<object?> list ? reduce(list.Select(Num).ToList()) : args[0];
        }

        var first = Array.FindIndex(args, a => a is List<object?>);
        if (first < 0)
        {
            return reduce(args.Select(Num).ToList());
        }

        var length = ((List<object?>)args[first]!).Count;
        var result = new List<object?>(length);
        for (var i = 0; i < length; i++)
        {
            var column = new List<double>(args.Length);
            foreach (var arg in args)
            {
                if (arg is List<object?> list)
                {
                    if (list.Count != length)
                    {
                        throw new TinyMathException("Array length mismatch");
                    }

                    column.Add(Num(list[i]));
                }
                else
                {
                    column.Add(Num(arg));
                }
            }

            result.Add(reduce(column));
        }

        return result;
    }

    private static object? Median(List<double> values)
    {
        values.Sort((x, y) => y.CompareTo(x));
        var half = values.Count / 2;
        return values.Count % 2 == 0 ? (values[half] + values[half - 1]) / 2 : values[half];
    }

    private static object? Mode(List<double> values)
    {
        var counts = new Dictionary<double, int>();
        var maxFreq = 0;
        foreach (var v in values)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
            maxFreq = Math.Max(maxFreq, counts[v]);
        }

        return counts.Where(kv => kv.Value == maxFreq).Select(kv => kv.Key).Order().Select(v => (object?)v).ToList();
    }

    private static object? Clamp(object?[] args)
    {
        var a = Arg(args, 0);
        var min = Arg(args, 1);
        var max = Arg(args, 2);
        if (args.Length < 3)
        {
            return double.NaN;
        }

        static double FindClamp(double x, double lo, double hi) =>
            lo > hi ? throw new TinyMathException("Min must be less than max") : Math.Min(Math.Max(x, lo), hi);

        var length = new[] { a, min, max }.OfType<List<object?>>().Select(l => l.Count).DefaultIfEmpty(-1).ToArray();
        if (length.Distinct().Count() > 1)
        {
            throw new TinyMathException("Array length mismatch");
        }

        if (length[0] < 0)
        {
            return FindClamp(Num(a), Num(min), Num(max));
        }

        static double At(object? v, int i) => v is List<object?> l ? Num(l[i]) : Num(v);
        return Enumerable.Range(0, length[0]).Select(i => (object?)FindClamp(At(a, i), At(min, i), At(max, i))).ToList();
    }

    private static object? Log(object?[] args)
    {
        var b = args.Length > 1 ? Num(args[1]) : Math.E;
        if (b <= 0)
        {
            throw new TinyMathException("Base out of range");
        }

        return Map(Arg(args, 0), x => x < 0 ? throw new TinyMathException("Must be greater than 0") : Math.Log(x) / Math.Log(b));
    }

    private static object? Pow(object?[] args)
    {
        if (args.Length < 2)
        {
            throw new TinyMathException("Missing exponent");
        }

        var b = Num(args[1]);
        return Map(args[0], x => Math.Pow(x, b));
    }

    private static object? Round(object?[] args)
    {
        var places = args.Length > 1 ? Num(args[1]) : 0;
        var scale = Math.Pow(10, places);
        return Map(Arg(args, 0), x => JsRound(x * scale) / scale);
    }

    // libm's cbrt can be one ulp off on exact cubes (27 -> 3.0000000000000004); V8's is exact there.
    private static double Cbrt(double x)
    {
        var r = Math.Cbrt(x);
        var rounded = Math.Round(r);
        return rounded * rounded * rounded == x ? rounded : r;
    }

    private static double JsRound(double x)
    {
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }
}
