using System.Buffers;
using System.Globalization;

namespace Connectors.Templating.Internal;

/// <summary>A growable character buffer over pooled arrays, with an optional length limit.</summary>
internal sealed class OutputBuffer
{
    private char[] _buffer = [];
    private long _max = long.MaxValue;
    private int _cap;

    public int Length { get; private set; }

    public ReadOnlySpan<char> Written => _buffer.AsSpan(0, Length);

    public void Start(long? maxLength, int initialCapacity)
    {
        _max = maxLength ?? long.MaxValue;
        Length = 0;
        if (_buffer.Length < initialCapacity)
        {
            Return();
            _buffer = ArrayPool<char>.Shared.Rent(initialCapacity);
        }

        _cap = (int)Math.Min(_buffer.Length, _max);
    }

    public void Return()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }

        _cap = 0;
        Length = 0;
    }

    /// <summary>Drops the buffer if it grew large, so a pooled instance does not pin big arrays.</summary>
    public void Trim()
    {
        if (_buffer.Length > 64 * 1024)
        {
            Return();
        }

        Length = 0;
    }

    public void Truncate(int length) => Length = length;

    public void Append(char c)
    {
        if (Length >= _cap)
        {
            Grow(1);
        }

        _buffer[Length++] = c;
    }

    public void Append(string s) => Append(s.AsSpan());

    public void Append(ReadOnlySpan<char> s)
    {
        if (Length + s.Length > _cap)
        {
            Grow(s.Length);
        }

        s.CopyTo(_buffer.AsSpan(Length));
        Length += s.Length;
    }

    public Span<char> GetSpan(int size)
    {
        if (Length + size > _cap)
        {
            Grow(size);
        }

        return _buffer.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Whether <paramref name="size"/> more characters stay within the length limit.</summary>
    public bool Fits(int size) => Length + (long)size <= _max;

    public string ToStringAndKeep(int start) => new(_buffer, start, Length - start);

    private void Grow(int needed)
    {
        if (Length + (long)needed > _max)
        {
            throw new MustacheRenderException(string.Create(CultureInfo.InvariantCulture, $"The output exceeds MaxOutputLength ({_max} characters)."));
        }

        if (Length + needed <= _buffer.Length)
        {
            _cap = (int)Math.Min(_buffer.Length, _max);
            return;
        }

        var size = Math.Max(Math.Max(_buffer.Length * 2, Length + needed), 256);
        var next = ArrayPool<char>.Shared.Rent(size);
        _buffer.AsSpan(0, Length).CopyTo(next);
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
        }

        _buffer = next;
        _cap = (int)Math.Min(_buffer.Length, _max);
    }

    /// <summary>Fails when the written text has gone past the limit (checked after writes that skip <see cref="Grow"/>).</summary>
    public void CheckLimit()
    {
        if (Length > _max)
        {
            throw new MustacheRenderException(string.Create(CultureInfo.InvariantCulture, $"The output exceeds MaxOutputLength ({_max} characters)."));
        }
    }
}
