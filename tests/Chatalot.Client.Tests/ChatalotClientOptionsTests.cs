namespace Chatalot.Client.Tests;

public class ChatalotClientOptionsTests
{
    [Fact]
    public void Validate_MissingServerUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChatalotClientOptions().Validate());
    }

    [Fact]
    public void Validate_NonHttpScheme_Throws()
    {
        var options = new ChatalotClientOptions { ServerUrl = new Uri("ftp://example.invalid/") };
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Validate_HttpUrl_Passes()
    {
        new ChatalotClientOptions { ServerUrl = new Uri("http://127.0.0.1:5080/") }.Validate();
    }
}
