using Chatalot.Client;

namespace Chatalot.IntegrationTests.Infrastructure;

/// <summary>Links a new device to its account from a linked one, as two people at two screens would (crypto.md §15.4).</summary>
public static class DeviceLinking
{
    /// <summary>Runs the whole link: request, accept, compare codes, approve, complete.</summary>
    public static async Task LinkAsync(ChatalotClient linked, ChatalotClient fresh)
    {
        using var outgoing = await fresh.Devices.RequestLinkAsync();
        using var incoming = await linked.Devices.AcceptLinkRequestAsync(outgoing.Id);
        var freshCode = outgoing.GetCodeAsync();
        var linkedCode = incoming.GetCodeAsync();
        Assert.Equal(await freshCode.WaitAsync(ClientHarness.Timeout), await linkedCode.WaitAsync(ClientHarness.Timeout));
        var completed = outgoing.CompleteAsync();
        await incoming.ApproveAsync();
        await completed.WaitAsync(ClientHarness.Timeout);
        Assert.Equal(DeviceLinkStatus.Linked, fresh.Devices.Status);
    }
}
