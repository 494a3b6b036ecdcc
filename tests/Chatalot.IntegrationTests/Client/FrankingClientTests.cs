using Chatalot.Client;
using Chatalot.Client.Messages.Internal;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Reports;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Franking through the SDK (crypto.md §14): every send and edit is franked, a receiver refuses a body whose commitment
/// does not open (so nobody can send unreportable text), and <c>client.Reports</c> reveals exactly one received message
/// to the moderators, who see it verified.
/// </summary>
public sealed class FrankingClientTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;
    private Party _alice = null!;
    private Party _bob = null!;
    private Space _space = null!;

    public async Task InitializeAsync()
    {
        _harness = await ClientHarness.StartAsync();
        _alice = await _harness.CreateAsync("alice");
        _bob = await _harness.CreateAsync("bob");
        _space = await ClientHarness.SetUpGroupAsync(_alice, _bob);
        var warmUp = await _alice.Client.SendAsync(_space.General, "warm-up", CancellationToken.None);
        await _bob.ReceiveAsync(warmUp.MessageId);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Receiver_RefusesABody_WhoseCommitmentDoesNotOpen_OrThatCarriesNoKey()
    {
        await _bob.Client.DisconnectAsync();
        var wrong = await PostUnderAlicesChainAsync(withKey: true, commitment: (_, _) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var keyless = await PostUnderAlicesChainAsync(withKey: false, commitment: (_, _) => new byte[32]);
        var honest = await PostUnderAlicesChainAsync(withKey: true, commitment: null);

        foreach (var forged in new[] { wrong, keyless })
        {
            var failed = Assert.IsType<DecryptOutcome.Failed>(await DecryptAtBobAsync(forged));
            Assert.Equal((UndecryptableReason.FrankingFailed, "franking_mismatch"), (failed.Reason, failed.Code));
        }

        // The positive case after the refusals: an honestly franked body from the same chain decrypts.
        var decrypted = Assert.IsType<DecryptOutcome.Decrypted>(await DecryptAtBobAsync(honest));
        Assert.Equal("crafted", decrypted.Content.Text);
    }

    [Fact]
    public async Task ABodyStoredBeforeFranking_IsRead_AndMarkedNotReportable_WhileAStrippedCommitmentIsRefused()
    {
        await _bob.Client.DisconnectAsync();
        static WireMessage Unfranked(WireMessage m) => m with { FrankCommitment = null, FrankTag = null, FrankKeyId = null };
        var stripped = Unfranked(await PostUnderAlicesChainAsync(withKey: true, commitment: null));
        var legacy = Unfranked(await PostUnderAlicesChainAsync(withKey: false, commitment: (_, _) => new byte[32]));

        var refused = Assert.IsType<DecryptOutcome.Failed>(await DecryptAtBobAsync(stripped));
        Assert.Equal((UndecryptableReason.FrankingFailed, "franking_mismatch"), (refused.Reason, refused.Code));

        // What a member offline across the upgrade holds: read, with nothing to open for a report.
        var read = Assert.IsType<DecryptOutcome.Decrypted>(await DecryptAtBobAsync(legacy));
        Assert.Equal(("crafted", (byte[]?)null), (read.Content.Text, read.Content.FrankingKey));
    }

    [Fact]
    public async Task Report_OfAReceivedMessage_IsVerified_AndTheOwnerSeesAndResolvesIt()
    {
        var sent = await _bob.Client.SendAsync(_space.General, "you are terrible", CancellationToken.None);
        var received = await _alice.ReceiveAsync(sent.MessageId);
        Assert.True(received.CanReport);

        var report = await _alice.Client.Reports.ReportAsync(received, ReportReason.Harassment, "please look");
        Assert.Equal((ReportStatus.Open, _bob.Id.Value, sent.MessageId.Value), (report.Status, report.SenderId, report.MessageId));

        var queue = await _alice.Client.Reports.ListAsync(_space.Community);
        var listed = Assert.Single(queue, r => r.Id == report.Id);
        Assert.Equal("you are terrible", ReportClient.ReadContent(listed).Text);

        // Bob is a plain member: the queue is not his to see.
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => _bob.Client.Reports.ListAsync(_space.Community));
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);

        var resolved = await _alice.Client.Reports.ResolveAsync(report.Id);
        Assert.Equal(ReportStatus.Resolved, resolved.Status);
    }

    [Fact]
    public async Task Report_FromAnOpeningKeptAcrossARestart_IsVerified_AndTheKeptTextIsRedacted()
    {
        var sent = await _bob.Client.SendAsync(_space.General, "kept for later", CancellationToken.None);
        var received = await _alice.ReceiveAsync(sent.MessageId);
        var kept = received.Opening!.ToBase64();
        Assert.DoesNotContain("kept", received.Opening.ToString(), StringComparison.Ordinal);

        var report = await _alice.Client.Reports.ReportAsync(sent.MessageId, FrankingOpening.FromBase64(kept), ReportReason.Spam);
        Assert.Equal("kept for later", ReportClient.ReadContent(report).Text);
        Assert.Throws<FormatException>(() => FrankingOpening.FromBase64(Convert.ToBase64String(new byte[40])));
    }

    [Fact]
    public async Task Report_AfterAnEdit_VerifiesTheEditedBody_NotTheOriginal()
    {
        var sent = await _bob.Client.SendAsync(_space.General, "first words", CancellationToken.None);
        var original = await _alice.ReceiveAsync(sent.MessageId);
        await _bob.Client.EditAsync(_space.General, sent.MessageId, "second words", CancellationToken.None);
        var edited = await _alice.ExpectAsync<MessageEdited>(e => e.MessageId == sent.MessageId);

        var stale = await Assert.ThrowsAsync<ChatalotApiException>(() => _alice.Client.Reports.ReportAsync(original, ReportReason.Other));
        Assert.Equal(ErrorCodes.ReportUnverifiable, stale.Code);

        var report = await _alice.Client.Reports.ReportAsync(edited, ReportReason.Other);
        Assert.Equal("second words", ReportClient.ReadContent(report).Text);
    }

    private Task<DecryptOutcome> DecryptAtBobAsync(WireMessage message) =>
        _bob.Client.CoreForTests!.DecryptorForTests.DecryptAsync(message, false, CancellationToken.None);

    /// <summary>Encrypts a text under alice's real chain and stores it with the commitment <paramref name="commitment"/> makes (honest when null).</summary>
    private async Task<WireMessage> PostUnderAlicesChainAsync(bool withKey, Func<byte[], byte[], byte[]>? commitment)
    {
        var core = _alice.Client.CoreForTests!;
        var clientId = Guid.CreateVersion7();
        var device = _alice.Client.CurrentDeviceId!.Value.Value;
        var fk = Chatalot.Crypto.Franking.NewKey();
        var plaintext = ContentCodec.Encode(MessageContent.CreateText("crafted") with
        {
            Conversation = new ConversationRef(ConversationKind.Channel, _space.General.Value),
            Sender = new ContentSender(_alice.Id.Value, device),
            ClientMessageId = clientId,
            SentAt = DateTimeOffset.UtcNow,
            FrankingKey = withKey ? fk : null,
        });
        var c = commitment?.Invoke(fk, plaintext)
            ?? Chatalot.Crypto.Franking.Commit(fk, plaintext, new Chatalot.Crypto.FrankingContext(_alice.Id.Value, device, _space.General.Value, clientId.ToString("N")));
        byte[] ciphertext;
        using (var cipher = new Chatalot.Crypto.GroupCipher(core.StoreForTests, core.Distributor.NameOf(_space.General)))
        {
            ciphertext = await cipher.EncryptAsync(plaintext, CancellationToken.None);
        }

        return await _alice.Client.Rest.PostMessageAsync(_space.General,
            new SendMessageRequest(clientId.ToString("N"), device, new MessageEnvelope(Ciphertext: ciphertext)) { FrankCommitment = c }, CancellationToken.None);
    }
}
