using Chatalot.Client.Commands;
using Chatalot.Client.Tests.Infrastructure;

namespace Chatalot.Client.Tests.Attachments;

public sealed class ReplyWithFileTests
{
    [Fact]
    public async Task ReplyWithFile_SendsTheFileToTheCommandsChannel_ThroughSendFileAsync()
    {
        await using var client = new FakeChatalotClient();
        var message = FakeChatalotClient.Message("!cat");
        var context = new CommandContext(client, message, EmptyServices.Instance, CancellationToken.None);

        await context.ReplyWithFileAsync(new MemoryStream([1, 2, 3]), "cat.png", "image/png", "a cat");

        var file = Assert.Single(client.Files);
        Assert.Equal((message.ChannelId, "cat.png", "image/png", "a cat"), (file.Channel!.Value, file.Upload.Name, file.Upload.MediaType, file.Caption));
        Assert.Equal([1, 2, 3], file.Bytes);
    }
}

internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
