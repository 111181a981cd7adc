namespace Connectors.Core.Tests.Docs;

public sealed class ReadmeTests
{
    [Fact]
    public void Readme_QuickStart_IsTheCompiledSample()
    {
        var root = RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "Quickstart", "Program.cs"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        const string start = "// <quickstart>\n", end = "// </quickstart>";
        var snippet = sample[(sample.IndexOf(start, StringComparison.Ordinal) + start.Length)..sample.IndexOf(end, StringComparison.Ordinal)].TrimEnd();

        Assert.Contains("```csharp\n" + snippet + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_TestCommand_IsWhatCiRuns()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(root, ".ci", "run"));
        const string command = "dotnet test Connectors.Core.sln -c Release";
        Assert.Contains(command, readme, StringComparison.Ordinal);
        Assert.Contains(command, ci, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project samples/Quickstart", readme, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connectors.Core.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connectors.Core.sln not found above the test directory.");
    }
}
