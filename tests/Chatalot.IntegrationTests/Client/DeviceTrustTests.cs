using Chatalot.Client;
using Chatalot.Client.Messages.Internal;
using Chatalot.Crypto;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Keys;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// Multi-device accounts a malicious server cannot forge (crypto.md §15): the signed device list decides who gets keys,
/// linking, revocation, the recovery key, and verification that covers a person's future devices.
/// </summary>
public sealed class DeviceTrustTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GhostDevice_TheServerAddsToAnAccount_GetsNoDirectMessageAndNoSenderKey()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);

        // The server publishes a device for bob that bob never signed: valid keys, signed by the ghost's own identity,
        // exactly what a server can write into its own tables (here through a session of bob's account).
        var ghost = new DeviceId(1_000_001);
        using var ghostIdentity = IdentityKeyPair.Generate();
        await PublishGhostAsync(await _harness.SignInRestAsync(bob), ghost, ghostIdentity);
        Assert.Contains(await alice.Client.Rest.GetDevicesAsync(bob.Id, CancellationToken.None), d => d.DeviceId == ghost.Value);

        var direct = await alice.Client.SendAsync(bob.Id, "for bob's real devices only", CancellationToken.None);
        var channel = await alice.Client.SendAsync(space.General, "a channel message", CancellationToken.None);
        await bob.ReceiveAsync(direct.MessageId);
        await bob.ReceiveAsync(channel.MessageId);

        var stored = await alice.Client.Rest.GetMessageAsync(direct.ChannelId, direct.MessageId, CancellationToken.None);
        Assert.DoesNotContain(stored.Envelope!.Devices!, d => d.DeviceId == ghost.Value);
        Assert.Contains(stored.Envelope!.Devices!, d => d.UserId == bob.Id.Value && d.DeviceId == bob.Client.CurrentDeviceId!.Value.Value);
        var bobRest = await _harness.SignInRestAsync(bob);
        Assert.Empty(await bobRest.GetToDeviceInboxAsync(ghost, cancellationToken: CancellationToken.None));
        Assert.Null(await alice.Client.CoreForTests!.StoreForTests.LoadSessionAsync(new ProtocolAddress($"{bob.Id}/{ghost}", (uint)ghost.Value), CancellationToken.None));
    }

    [Fact]
    public async Task ListedDevice_WhoseBundleCarriesAnotherKey_GetsNothing()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await ClientHarness.SetUpGroupAsync(alice, bob);

        // The server swaps the identity key of bob's real, listed device for one it controls.
        var device = bob.Client.CurrentDeviceId!.Value;
        var bobRest = await _harness.SignInRestAsync(bob);
        await bobRest.DeleteDeviceAsync(device, CancellationToken.None);
        using var impostor = IdentityKeyPair.Generate();
        await PublishGhostAsync(bobRest, device, impostor);

        var refused = await Assert.ThrowsAsync<ChatalotClientException>(async () => await alice.Client.SendAsync(bob.Id, "to an impostor?", CancellationToken.None));
        Assert.Equal(Protocol.Errors.ErrorCodes.NoDevices, refused.Code);
        Assert.DoesNotContain(alice.Seen, e => e is IdentityChanged);
    }

    [Fact]
    public async Task MessageFromADeviceOutsideTheList_IsNotShown()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await ClientHarness.SetUpGroupAsync(alice, bob);
        await bob.Client.DisconnectAsync();
        var sent = await alice.Client.SendAsync(bob.Id, "from alice's listed device", CancellationToken.None);
        var stored = await alice.Client.Rest.GetMessageAsync(sent.ChannelId, sent.MessageId, CancellationToken.None);

        var decryptor = bob.Client.CoreForTests!.DecryptorForTests;
        var outcome = await decryptor.DecryptAsync(stored with { SenderDeviceId = 1_000_002 }, isEdit: false, CancellationToken.None);

        Assert.Equal(UndecryptableReason.UnlistedDevice, Assert.IsType<DecryptOutcome.Failed>(outcome).Reason);
        Assert.IsType<DecryptOutcome.Decrypted>(await decryptor.DecryptAsync(stored, isEdit: false, CancellationToken.None));
    }

    [Fact]
    public async Task NewDevice_IsUnlinkedUntilApproved_ThenReadsAndSends_AndContactsSeeTheChange()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        await bob.Client.SendAsync(alice.Id, "warm-up", CancellationToken.None);

        var phone = await _harness.SignInNewDeviceAsync(alice);
        Assert.Equal(DeviceLinkStatus.Unlinked, phone.Client.Devices.Status);
        var notLinked = await Assert.ThrowsAsync<ChatalotClientException>(async () => await phone.Client.SendAsync(space.General, "too early", CancellationToken.None));
        Assert.Equal(ClientErrorCodes.DeviceNotLinked, notLinked.Code);

        await DeviceLinking.LinkAsync(alice.Client, phone.Client);

        var added = await bob.ExpectAsync<DeviceListChanged>(c => c.UserId == alice.Id && c.Added.Contains(phone.Client.CurrentDeviceId!.Value));
        Assert.Empty(added.Removed);
        var direct = await bob.Client.SendAsync(alice.Id, "to both of alice's devices", CancellationToken.None);
        await phone.ReceiveAsync(direct.MessageId);
        var fromPhone = await phone.Client.SendAsync(space.General, "from alice's phone", CancellationToken.None);
        await bob.ReceiveAsync(fromPhone.MessageId);
    }

    [Fact]
    public async Task VerifyingAPersonOnce_CoversTheirNewDevices_AndTravelsToOurOwnNewDevice()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var hello = await alice.Client.SendAsync(bob.Id, "hello", CancellationToken.None);
        Assert.Equal(TrustState.Trusted, (await bob.ReceiveAsync(hello.MessageId)).Trust);
        Assert.Equal((await alice.Client.GetSafetyNumberAsync(bob.Id)).Digits, (await bob.Client.GetSafetyNumberAsync(alice.Id)).Digits);
        await bob.Client.MarkVerifiedAsync(alice.Id);

        // Alice adds a device: bob's verification of alice covers it without another comparison.
        var alicePhone = await _harness.AddDeviceAsync(alice);
        var fromPhone = await alicePhone.Client.SendAsync(space.General, "from alice's new phone", CancellationToken.None);
        Assert.Equal(TrustState.Verified, (await bob.ReceiveAsync(fromPhone.MessageId)).Trust);
        Assert.True((await bob.Client.Devices.GetDevicesAsync(alice.Id)).All(d => d.IsVerified));

        // Bob adds a device: it knows alice is verified, from the link payload.
        var bobTablet = await _harness.AddDeviceAsync(bob);
        var toTablet = await alice.Client.SendAsync(bob.Id, "to bob's tablet", CancellationToken.None);
        Assert.Equal(TrustState.Verified, (await bobTablet.ReceiveAsync(toTablet.MessageId)).Trust);
    }

    [Fact]
    public async Task RevokedDevice_GetsNoNewMessages_AndLearnsItWasRemoved()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        var phone = await _harness.AddDeviceAsync(alice);
        var phoneId = phone.Client.CurrentDeviceId!.Value;

        await alice.Client.Devices.RevokeAsync(phoneId);

        var removed = await phone.ExpectAsync<DeviceListChanged>(c => c.ThisDeviceRemoved);
        Assert.Contains(phoneId, removed.Removed);
        Assert.Equal(DeviceLinkStatus.Removed, phone.Client.Devices.Status);
        await bob.ExpectAsync<DeviceListChanged>(c => c.UserId == alice.Id && c.Removed.Contains(phoneId));
        var direct = await bob.Client.SendAsync(alice.Id, "after the revocation", CancellationToken.None);
        await alice.ReceiveAsync(direct.MessageId);
        var stored = await bob.Client.Rest.GetMessageAsync(direct.ChannelId, direct.MessageId, CancellationToken.None);
        Assert.DoesNotContain(stored.Envelope!.Devices!, d => d.DeviceId == phoneId.Value);
        var refused = await Assert.ThrowsAsync<ChatalotClientException>(async () => await phone.Client.SendAsync(space.General, "still here?", CancellationToken.None));
        Assert.Equal(ClientErrorCodes.DeviceNotLinked, refused.Code);
        Assert.DoesNotContain(await alice.Client.Devices.GetDevicesAsync(alice.Id), d => d.Id == phoneId);
    }

    [Fact]
    public async Task RecoveryKey_RestoresTheAccountOnANewDevice_WhenNoOtherIsLeft()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await ClientHarness.SetUpGroupAsync(alice, bob);
        await alice.Client.MarkVerifiedAsync(bob.Id);
        var recoveryKey = await alice.Client.Devices.SetUpRecoveryKeyAsync();
        Assert.Equal(56 + 13, recoveryKey.Length);

        // Alice signs out of her only device.
        await alice.Client.Devices.RemoveThisDeviceAsync();
        await ClientHarness.StopAsync(alice);

        var laptop = await _harness.SignInNewDeviceAsync(alice);
        Assert.Equal(DeviceLinkStatus.Unlinked, laptop.Client.Devices.Status);
        var typo = recoveryKey[..10] + (recoveryKey[10] == 'A' ? 'B' : 'A') + recoveryKey[11..];
        Assert.Equal(ClientErrorCodes.WrongRecoveryKey, (await Assert.ThrowsAsync<ChatalotClientException>(() => laptop.Client.Devices.RestoreAsync(typo))).Code);
        using (var other = RecoveryKey.Generate())
        {
            Assert.Equal(ClientErrorCodes.WrongRecoveryKey, (await Assert.ThrowsAsync<ChatalotClientException>(() => laptop.Client.Devices.RestoreAsync(other.Display()))).Code);
        }

        await laptop.Client.Devices.RestoreAsync(recoveryKey.ToLowerInvariant());

        Assert.Equal(DeviceLinkStatus.Linked, laptop.Client.Devices.Status);
        var direct = await bob.Client.SendAsync(alice.Id, "to alice's laptop", CancellationToken.None);
        await laptop.ReceiveAsync(direct.MessageId);
        Assert.DoesNotContain(bob.Seen, e => e is IdentityChanged);
        var back = await laptop.Client.SendAsync(bob.Id, "restored", CancellationToken.None);
        Assert.Equal(TrustState.Trusted, (await bob.ReceiveAsync(back.MessageId)).Trust);
        var reply = await bob.Client.SendAsync(alice.Id, "verified still?", CancellationToken.None);
        Assert.Equal(TrustState.Verified, (await laptop.ReceiveAsync(reply.MessageId)).Trust);
    }

    [Fact]
    public async Task DeclinedLink_FailsOnTheNewDevice_AndLeavesItUnlinked()
    {
        var alice = await _harness.CreateAsync("alice");
        await alice.Client.ConnectAsync();
        var phone = await _harness.SignInNewDeviceAsync(alice);

        using var outgoing = await phone.Client.Devices.RequestLinkAsync();
        var requested = await alice.ExpectAsync<DeviceLinkRequested>(r => r.LinkId == outgoing.Id);
        Assert.Equal(phone.Client.CurrentDeviceId, requested.DeviceId);
        using var incoming = await alice.Client.Devices.AcceptLinkRequestAsync(outgoing.Id);
        var code = outgoing.GetCodeAsync();
        await incoming.GetCodeAsync();
        await incoming.DeclineAsync();

        await code;
        var failed = await Assert.ThrowsAsync<ChatalotClientException>(() => outgoing.CompleteAsync().WaitAsync(ClientHarness.Timeout));
        Assert.Equal(ClientErrorCodes.DeviceLinkFailed, failed.Code);
        Assert.Equal(DeviceLinkStatus.Unlinked, phone.Client.Devices.Status);
        Assert.Single(await alice.Client.Devices.GetDevicesAsync(alice.Id));
    }

    private static async Task PublishGhostAsync(Chatalot.Client.Rest.ChatalotRestClient rest, DeviceId device, IdentityKeyPair identity)
    {
        var signed = SignedPreKeyRecord.Generate(identity, 900, DateTimeOffset.UtcNow);
        var kem = KemPreKeyRecord.Generate(identity, 901, isLastResort: true, DateTimeOffset.UtcNow);
        var oneTime = PreKeyRecord.Generate(902);
        await rest.PublishDeviceKeysAsync(device, new DeviceKeysUpload(
            identity.PublicKey.ToArray(),
            new SignedPrekey(signed.Id, signed.PublicKey.ToArray(), signed.Signature.ToArray()),
            new SignedPrekey(kem.Id, kem.PublicKey.ToArray(), kem.Signature.ToArray()),
            [new OneTimePrekey(oneTime.Id, oneTime.PublicKey.ToArray())]), CancellationToken.None);
    }
}
