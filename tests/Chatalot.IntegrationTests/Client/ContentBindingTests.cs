using Chatalot.Client;
using Chatalot.Client.Messages.Internal;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Messages;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Every plaintext binds its conversation, sender, client message id and target (content.md §2): a message the server
/// re-keys or re-attaches, or a DM it moves, decrypts but is refused as a context mismatch, never shown. Where the keys
/// themselves are bound (a channel's chain to its channel and sending device, a pairwise session to both devices), a
/// moved or re-attributed row does not decrypt at all. And the typed contents (edit, delete, reaction, a kind from a
/// later version) arrive as the matching events. Tampering is simulated on rows fetched over REST and handed to the
/// receiver's decryptor while its gateway is down, so the genuine copy never consumed the message keys first.
/// </summary>
public sealed class ContentBindingTests : IAsyncLifetime
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

        // Bob holds alice's chain in the general channel (and a pairwise session with her) from here on.
        var warmUp = await _alice.Client.SendAsync(_space.General, "warm-up", CancellationToken.None);
        await _bob.ReceiveAsync(warmUp.MessageId);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<DecryptOutcome> DecryptAtBobAsync(WireMessage message, bool isEdit) =>
        _bob.Client.CoreForTests!.DecryptorForTests.DecryptAsync(message, isEdit, CancellationToken.None);

    private async Task<WireMessage> StoredAsync(SentMessage sent) =>
        await _bob.Client.Rest.GetMessageAsync(sent.ChannelId, sent.MessageId, CancellationToken.None);

    private static void AssertContextMismatch(DecryptOutcome outcome, string binding)
    {
        var failed = Assert.IsType<DecryptOutcome.Failed>(outcome);
        Assert.Equal(UndecryptableReason.ContextMismatch, failed.Reason);
        Assert.Equal("context_mismatch:" + binding, failed.Code);
    }

    [Fact]
    public async Task ChannelMessage_UnderAnotherIdempotencyKey_IsRefusedAsContextMismatch()
    {
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(_space.General, "keyed", CancellationToken.None);
        var stored = await StoredAsync(sent);

        var outcome = await DecryptAtBobAsync(stored with { IdempotencyKey = Guid.NewGuid().ToString("N") }, isEdit: false);

        AssertContextMismatch(outcome, "client_message_id");
    }

    [Fact]
    public async Task MessageWithAFile_WhoseTransportNoLongerListsIt_IsRefusedAsContextMismatch()
    {
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendFileAsync(_space.General, new MemoryStream([1, 2, 3]), "a.txt", "text/plain");
        var stored = await StoredAsync(sent);
        Assert.NotNull(stored.AttachmentIds);

        var outcome = await DecryptAtBobAsync(stored with { AttachmentIds = [Guid.NewGuid()] }, isEdit: false);

        AssertContextMismatch(outcome, "attachments");
    }

    [Fact]
    public async Task PlainMessage_PresentedAsAnEditOfAnotherMessage_IsRefusedAsContextMismatch()
    {
        var victim = await _alice.Client.SendAsync(_space.General, "the message to overwrite", CancellationToken.None);
        await _bob.ReceiveAsync(victim.MessageId);
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(_space.General, "a plain message", CancellationToken.None);
        var stored = await StoredAsync(sent);

        var outcome = await DecryptAtBobAsync(stored with { Id = victim.MessageId.Value, EditedAt = DateTimeOffset.UtcNow }, isEdit: true);

        AssertContextMismatch(outcome, "edit_target");
    }

    [Fact]
    public async Task Edit_ReplayedAsANewMessage_OrMovedToAnotherMessage_IsRefusedAsContextMismatch()
    {
        var first = await _alice.Client.SendAsync(_space.General, "first", CancellationToken.None);
        var second = await _alice.Client.SendAsync(_space.General, "second", CancellationToken.None);
        await _bob.ReceiveAsync(second.MessageId);
        await _bob.Client.DisconnectAsync();

        // Two edits of the first message; the server serves each in a context it does not belong to.
        await _alice.Client.EditAsync(_space.General, first.MessageId, "first, edited once", CancellationToken.None);
        var editOne = await StoredAsync(first);
        await _alice.Client.EditAsync(_space.General, first.MessageId, "first, edited twice", CancellationToken.None);
        var editTwo = await StoredAsync(first);

        AssertContextMismatch(await DecryptAtBobAsync(editOne with { Id = Guid.CreateVersion7() }, isEdit: false), "edit_target");
        AssertContextMismatch(await DecryptAtBobAsync(editTwo with { Id = second.MessageId.Value }, isEdit: true), "edit_target");
    }

    [Fact]
    public async Task DirectMessage_MovedToAnotherChannel_IsRefusedAsContextMismatch()
    {
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(_bob.Id, "a direct message", CancellationToken.None);
        var stored = await StoredAsync(sent);

        var outcome = await DecryptAtBobAsync(stored with { ChannelId = _space.General.Value }, isEdit: false);

        AssertContextMismatch(outcome, "conversation");
    }

    [Fact]
    public async Task ContentThatBindsAnotherSenderOrConversation_IsRefusedAsContextMismatch_ThoughItsCiphertextIsGenuine()
    {
        // A device writes under its own chain, but the content inside claims another device, or another channel: what
        // the ciphertext binds and what the transport says disagree, so neither is believed.
        var other = await _alice.Client.Rest.CreateChannelAsync(_space.Group, new CreateChannelRequest("elsewhere"), CancellationToken.None);
        await _bob.Client.DisconnectAsync();
        var device = _alice.Client.CurrentDeviceId!.Value.Value;
        var otherDevice = await PostUnderAlicesChainAsync(content => content with { Sender = new ContentSender(_alice.Id.Value, device + 1) });
        var otherChannel = await PostUnderAlicesChainAsync(content => content with { Conversation = new ConversationRef(ConversationKind.Channel, other.Id) });

        AssertContextMismatch(await DecryptAtBobAsync(otherDevice, isEdit: false), "sender");
        AssertContextMismatch(await DecryptAtBobAsync(otherChannel, isEdit: false), "conversation");
    }

    [Fact]
    public async Task ChannelMessage_MovedToAnotherChannel_OrReattributedToAnotherDevice_FindsNoKey_AndIsNeverDecrypted()
    {
        // A channel's chains are per (channel, sending device), so a moved or re-attributed row names a chain the
        // receiver does not hold: it waits for a key that no honest device hands out, and is never shown.
        var other = await _alice.Client.Rest.CreateChannelAsync(_space.Group, new CreateChannelRequest("elsewhere"), CancellationToken.None);
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(_space.General, "stays where it was sent", CancellationToken.None);
        var stored = await StoredAsync(sent);

        Assert.IsType<DecryptOutcome.MissingKey>(await DecryptAtBobAsync(stored with { ChannelId = other.Id }, isEdit: false));
        // Re-attributed to a device its account never signed into its list: refused before any key is looked up.
        Assert.Equal(UndecryptableReason.UnlistedDevice, Assert.IsType<DecryptOutcome.Failed>(await DecryptAtBobAsync(stored with { SenderDeviceId = stored.SenderDeviceId + 1 }, isEdit: false)).Reason);
        Assert.Equal(UndecryptableReason.UnlistedDevice, Assert.IsType<DecryptOutcome.Failed>(await DecryptAtBobAsync(stored with { SenderId = _bob.Id.Value }, isEdit: false)).Reason);

        // The genuine row still decrypts: the refused attempts consumed nothing.
        var genuine = Assert.IsType<DecryptOutcome.Decrypted>(await DecryptAtBobAsync(stored, isEdit: false));
        Assert.Equal("stays where it was sent", genuine.Content.Text);
    }

    [Fact]
    public async Task LaterDirectMessage_ReattributedToAnUnlistedDevice_IsRefused()
    {
        await _bob.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(_bob.Id, "only from alice's device", CancellationToken.None);
        var stored = await StoredAsync(sent);

        var outcome = await DecryptAtBobAsync(stored with { SenderDeviceId = stored.SenderDeviceId + 1 }, isEdit: false);

        // No device of alice's signed list has that id (crypto.md §15.2): nothing is decrypted under its name.
        Assert.Equal(UndecryptableReason.UnlistedDevice, Assert.IsType<DecryptOutcome.Failed>(outcome).Reason);
    }

    [Fact]
    public async Task FirstDirectMessage_ReattributedToAnUnlistedDevice_IsRefused_AndTheGenuineOneStillDecrypts()
    {
        // A first message carries what starts the session (a prekey message). Under a device id alice's signed list does
        // not hold it is refused before decryption (crypto.md §15.2) — and the refused attempt spends no prekey and pins
        // no identity, so the genuine row still decrypts afterwards.
        var carol = await _harness.CreateAsync("carol");
        var invite = await _alice.Client.Rest.CreateCommunityInviteAsync(_space.Community, cancellationToken: CancellationToken.None);
        await carol.Client.Rest.AcceptInviteAsync(invite.Code, CancellationToken.None);
        await carol.Client.ConnectAsync();
        await carol.Client.DisconnectAsync();
        var sent = await _alice.Client.SendAsync(carol.Id, "first contact", CancellationToken.None);
        var stored = await carol.Client.Rest.GetMessageAsync(sent.ChannelId, sent.MessageId, CancellationToken.None);
        var decryptor = carol.Client.CoreForTests!.DecryptorForTests;

        var forged = await decryptor.DecryptAsync(stored with { SenderDeviceId = stored.SenderDeviceId + 1 }, isEdit: false, CancellationToken.None);

        Assert.Equal(UndecryptableReason.UnlistedDevice, Assert.IsType<DecryptOutcome.Failed>(forged).Reason);
        var genuine = Assert.IsType<DecryptOutcome.Decrypted>(await decryptor.DecryptAsync(stored, isEdit: false, CancellationToken.None));
        Assert.Equal("first contact", genuine.Content.Text);
    }

    [Fact]
    public async Task Edit_RoundTrips_AsMessageEdited_WithEditContentBoundToTheMessage()
    {
        var sent = await _alice.Client.SendAsync(_space.General, "draft", CancellationToken.None);
        await _bob.ReceiveAsync(sent.MessageId);

        await _alice.Client.EditAsync(_space.General, sent.MessageId, "final", CancellationToken.None);

        var edited = await _bob.ExpectAsync<MessageEdited>(m => m.MessageId == sent.MessageId);
        Assert.Equal("final", edited.Text);
        Assert.Equal(ContentKind.Edit, edited.Content.Kind);
        Assert.Equal(sent.MessageId.Value, edited.Content.Target!.MessageId);
        Assert.Equal(_alice.Id.Value, edited.Content.Target.AuthorId);
        Assert.Equal(sent.ClientMessageId, edited.Content.Target.ClientMessageId);
    }

    [Fact]
    public async Task DeleteOfOwnMessage_ReachesTheOtherMember_AsAuthenticatedMessageDeleted()
    {
        var sent = await _alice.Client.SendAsync(_space.General, "regrettable", CancellationToken.None);
        await _bob.ReceiveAsync(sent.MessageId);

        await _alice.Client.DeleteAsync(_space.General, sent.MessageId, CancellationToken.None);

        var deleted = await _bob.ExpectAsync<MessageDeleted>(m => m.MessageId == sent.MessageId && m.IsAuthenticated);
        Assert.Equal(_alice.Id, deleted.DeletedBy);
        Assert.Equal(_space.General, deleted.ChannelId);
    }

    [Fact]
    public async Task Reaction_ArrivesAsMessageReceived_WithItsKindEmojiAndTarget()
    {
        var sent = await _alice.Client.SendAsync(_space.General, "react to me", CancellationToken.None);
        await _bob.ReceiveAsync(sent.MessageId);
        var target = new MessageRef(sent.MessageId.Value, _alice.Id.Value, sent.ClientMessageId);

        var reaction = await _bob.Client.SendAsync(_space.General, MessageContent.CreateReaction(target, "👍"), CancellationToken.None);

        var received = await _alice.ReceiveAsync(reaction.MessageId);
        Assert.Equal(ContentKind.ReactionAdd, received.Content.Kind);
        Assert.Equal("👍", received.Content.Emoji);
        Assert.Equal(target, received.Content.Target);
        Assert.Equal(string.Empty, received.Text);
    }

    [Fact]
    public async Task KindFromALaterVersion_ArrivesAsMessageReceived_MarkedUnknown_WithItsFieldsKept()
    {
        var future = new MessageContent
        {
            Kind = "future_kind",
            Text = "shown as unsupported",
            Extensions = new() { ["future_field"] = System.Text.Json.JsonDocument.Parse("42").RootElement.Clone() },
        };

        var sent = await _alice.Client.SendAsync(_space.General, future, CancellationToken.None);

        var received = await _bob.ReceiveAsync(sent.MessageId);
        Assert.Equal("future_kind", received.Content.Kind);
        Assert.False(received.Content.IsKnownKind);
        Assert.Equal(42, received.Content.Extensions!["future_field"].GetInt32());
        Assert.Empty(_bob.UndecryptableFor(sent.MessageId));
    }

    /// <summary>Encrypts a content altered by <paramref name="alter"/> under alice's real chain and stores it as she would.</summary>
    private async Task<WireMessage> PostUnderAlicesChainAsync(Func<MessageContent, MessageContent> alter)
    {
        var core = _alice.Client.CoreForTests!;
        var clientId = Guid.CreateVersion7();
        var content = alter(MessageContent.CreateText("crafted") with
        {
            Conversation = new ConversationRef(ConversationKind.Channel, _space.General.Value),
            Sender = new ContentSender(_alice.Id.Value, _alice.Client.CurrentDeviceId!.Value.Value),
            ClientMessageId = clientId,
            SentAt = DateTimeOffset.UtcNow,
        });
        // Franked like the SDK does (crypto.md §14.2), so only the binding under test can fail.
        var frankingKey = Chatalot.Crypto.Franking.NewKey();
        var plaintext = ContentCodec.Encode(content with { FrankingKey = frankingKey });
        var commitment = Chatalot.Crypto.Franking.Commit(frankingKey, plaintext,
            new Chatalot.Crypto.FrankingContext(_alice.Id.Value, _alice.Client.CurrentDeviceId!.Value.Value, _space.General.Value, clientId.ToString("N")));
        byte[] ciphertext;
        using (var cipher = new Chatalot.Crypto.GroupCipher(core.StoreForTests, core.Distributor.NameOf(_space.General)))
        {
            ciphertext = await cipher.EncryptAsync(plaintext, CancellationToken.None);
        }

        return await _alice.Client.Rest.PostMessageAsync(
            _space.General,
            new SendMessageRequest(clientId.ToString("N"), _alice.Client.CurrentDeviceId!.Value.Value, new MessageEnvelope(Ciphertext: ciphertext)) { FrankCommitment = commitment },
            CancellationToken.None);
    }
}
