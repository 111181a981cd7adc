using Connectors.Internal;

namespace Connectors.Core.Tests.Http;

public sealed class UriMemoTests
{
    [Fact]
    public void Get_TheSameText_GivesTheSameUri_AndAnotherText_ItsOwn()
    {
        var memo = new UriMemo();

        var first = memo.Get("https://hooks.example.com/a");
        var again = memo.Get(new string("https://hooks.example.com/a".AsSpan()));
        var other = memo.Get("https://hooks.example.com/b");

        Assert.Same(first, again);
        Assert.Equal(new Uri("https://hooks.example.com/b"), other);
        Assert.Equal(new Uri("https://hooks.example.com/a"), memo.Get("https://hooks.example.com/a"));
    }

    [Fact]
    public void Get_ParsesAsHttpRequestMessageDoes()
    {
        var memo = new UriMemo();

        Assert.False(memo.Get("relative/path").IsAbsoluteUri);
        Assert.Throws<UriFormatException>(() => memo.Get("http://"));
    }
}
