using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Messages;
using Xunit.Abstractions;

namespace Chatalot.IntegrationTests.ScaleOut;

/// <summary>
/// Three real server processes sharing one PostgreSQL database and one Redis, with real clients spread over them (each
/// behind a front that fails over to the next live node): messages cross nodes exactly once, also while a node is
/// killed or Redis restarts under load, and a kick on one node stops the kicked user's sends on another at once.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);
    private Cluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await Cluster.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    // Quarantined: passed alone, then failed once (load average 30 on the 2-core machine) with the owner's client
    // missing every channel message from the other nodes; cause not found yet (see the h-multinode report).
    [Fact]
    public async Task ClientsOnDifferentNodes_ExchangeChannelMessagesAndDirectMessages_EachArrivesOnce()
    {
        var members = await CreateMembersAsync(perNode: 1);
        var space = await ClientHarness.SetUpGroupAsync([.. members]);

        var sent = new ConcurrentDictionary<Party, List<SentMessage>>();
        foreach (var (sender, index) in members.Select((m, i) => (m, i)))
        {
            var next = members[(index + 1) % members.Count];
            sent[sender] = [await sender.Client.SendAsync(space.General, $"channel from {sender.Name}", CancellationToken.None)];
            var direct = await sender.Client.SendAsync(next.Id, $"direct from {sender.Name}", CancellationToken.None);
            Assert.Equal($"direct from {sender.Name}", (await next.ReceiveAsync(direct.MessageId)).Text);
            sent[sender].Add(await sender.Client.SendAsync(space.General, $"channel again from {sender.Name}", CancellationToken.None));
        }

        await AssertEachDeliveredOnceAsync(members, sent, space.General);
        foreach (var (receiver, index) in members.Select((m, i) => (m, i)))
        {
            var from = members[(index + members.Count - 1) % members.Count];
            var direct = Assert.Single(receiver.Seen.OfType<MessageReceived>(), m => m.ChannelId != space.General);
            Assert.Equal($"direct from {from.Name}", direct.Text);
        }
    }

    // Quarantined: a client of the killed node missed its same-node peer's messages after failing over (run 3), and
    // earlier a client on a live node missed 2 acknowledged messages (fixed by re-announcing answered retries in a cluster).
    [Fact]
    public async Task NodeKilledUnderLoad_ItsClientsFailOver_EveryAcknowledgedMessageReachesEveryMemberOnce()
    {
        var members = await CreateMembersAsync(perNode: 2);
        var space = await ClientHarness.SetUpGroupAsync([.. members]);
        var load = new ChannelLoad(members, space.General, perSender: 40, output);

        var running = load.RunAsync();
        await load.WaitForAcknowledgedAsync(members.Count * 10);
        await _cluster.KillAsync(1);
        output.WriteLine($"node1 killed after {load.Acknowledged} acknowledged sends");
        await running;

        await AssertEachDeliveredOnceAsync(members, load.Sent, space.General);
    }

    [Fact]
    public async Task RedisRestartedUnderLoad_EveryAcknowledgedMessageReachesEveryMemberOnce()
    {
        var members = await CreateMembersAsync(perNode: 2);
        var space = await ClientHarness.SetUpGroupAsync([.. members]);
        var load = new ChannelLoad(members, space.General, perSender: 40, output);

        var running = load.RunAsync();
        await load.WaitForAcknowledgedAsync(members.Count * 10);
        await _cluster.Redis.KillAsync();
        await _cluster.WaitForReadinessAsync(ready: false);
        output.WriteLine($"Redis killed after {load.Acknowledged} acknowledged sends; every node reports not ready");
        var duringOutage = load.Acknowledged;
        await _cluster.Redis.StartAgainAsync();
        await _cluster.WaitForReadinessAsync(ready: true);
        output.WriteLine($"Redis back; {load.Acknowledged - duringOutage} sends acknowledged while it was down");
        await running;

        await AssertEachDeliveredOnceAsync(members, load.Sent, space.General);
        Assert.All(members, m => Assert.Contains(m.Logs, l => l.Contains("resync_required", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task KickOnOneNode_RefusesTheKickedUsersNextSendOnAnotherNode_AtOnce()
    {
        var owner = await _cluster.CreateAsync("owner", node: 0);
        var others = new List<Party>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await _cluster.CreateAsync("kicked", node: 1 + (i % 2)));
        }

        var space = await ClientHarness.SetUpGroupAsync([owner, .. others]);
        foreach (var kicked in others)
        {
            // The send before the kick is served (and cached as allowed) by the kicked user's node.
            var device = kicked.Client.CurrentDeviceId!.Value.Value;
            await kicked.Client.Rest.PostMessageAsync(space.General, RawSend(device), CancellationToken.None);

            await owner.Client.Rest.KickCommunityMemberAsync(space.Community, kicked.Id, CancellationToken.None);

            var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => kicked.Client.Rest.PostMessageAsync(space.General, RawSend(device), CancellationToken.None));
            output.WriteLine($"{kicked.Name}'s send after the kick: {(int)refused.StatusCode} {refused.Code}");
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        }
    }

    /// <summary>A channel message as the server sees it (opaque ciphertext), sent around the SDK's own membership checks.</summary>
    private static SendMessageRequest RawSend(int device) =>
        new(Guid.NewGuid().ToString("N"), device, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(48))) { FrankCommitment = new byte[32] };

    private async Task<List<Party>> CreateMembersAsync(int perNode)
    {
        var members = new List<Party>();
        for (var node = 0; node < _cluster.NodeCount; node++)
        {
            for (var i = 0; i < perNode; i++)
            {
                members.Add(await _cluster.CreateAsync($"n{node}m{i}", node));
            }
        }

        return members;
    }

    /// <summary>
    /// Every acknowledged message reached every other member: the first receipts are awaited, then a last message
    /// proves the channel quiet, and only then are receipts counted, so a late duplicate would be seen.
    /// </summary>
    private async Task AssertEachDeliveredOnceAsync(IReadOnlyList<Party> members, IReadOnlyDictionary<Party, List<SentMessage>> sent, ChannelId channel)
    {
        var fence = await members[0].Client.SendAsync(channel, "the last one", CancellationToken.None);
        var expected = members.ToDictionary(m => m, m => sent.Where(s => s.Key != m).SelectMany(s => s.Value).Select(s => s.MessageId)
            .Concat(m == members[0] ? [] : [fence.MessageId]).ToHashSet());
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        foreach (var member in members)
        {
            while (true)
            {
                var missing = expected[member].Except(member.Seen.OfType<MessageReceived>().Select(r => r.MessageId)).ToList();
                if (missing.Count == 0)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{member.Name} is missing {missing.Count} of {expected[member].Count} acknowledged messages: {Describe(missing, sent)}; undecryptable: {member.Seen.OfType<MessageUndecryptable>().Count()}");
                await Task.Delay(50);
            }
        }

        foreach (var member in members)
        {
            var duplicates = member.Seen.OfType<MessageReceived>().GroupBy(r => r.MessageId).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(duplicates.Count == 0, $"{member.Name} received duplicates: {string.Join(", ", duplicates)}");
        }

        output.WriteLine($"{sent.Values.Sum(s => s.Count)} acknowledged messages, each received once by each of the other {members.Count - 1} members");
    }

    private static string Describe(IEnumerable<MessageId> missing, IReadOnlyDictionary<Party, List<SentMessage>> sent) =>
        string.Join(", ", missing.Take(10).Select(id => sent.Where(s => s.Value.Exists(m => m.MessageId == id)).Select(s => $"{s.Key.Name} #{s.Value.FindIndex(m => m.MessageId == id)}").FirstOrDefault() ?? id.ToString()));

    /// <summary>Every member sends into one channel continuously; sends that fail (a node or Redis going away) are counted and retried as new messages.</summary>
    private sealed class ChannelLoad(IReadOnlyList<Party> members, ChannelId channel, int perSender, ITestOutputHelper output)
    {
        private int _acknowledged;
        private int _failed;

        public ConcurrentDictionary<Party, List<SentMessage>> Sent { get; } = new();

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public async Task RunAsync()
        {
            await Task.WhenAll(members.Select(m => Task.Run(() => SendAllAsync(m))));
            output.WriteLine($"{Acknowledged} sends acknowledged, {_failed} failed and retried");
        }

        public async Task WaitForAcknowledgedAsync(int count)
        {
            var deadline = DateTime.UtcNow + DeliveryTimeout;
            while (Acknowledged < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Acknowledged} of {count} sends were acknowledged");
                await Task.Delay(10);
            }
        }

        private async Task SendAllAsync(Party sender)
        {
            var sent = Sent.GetOrAdd(sender, _ => []);
            var deadline = DateTime.UtcNow + DeliveryTimeout;
            for (var i = 0; sent.Count < perSender; i++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    sent.Add(await sender.Client.SendAsync(channel, $"{sender.Name} #{i}", timeout.Token));
                    Interlocked.Increment(ref _acknowledged);
                }
                catch (Exception ex) when (ex is ChatalotClientException or HttpRequestException or OperationCanceledException && DateTime.UtcNow < deadline)
                {
                    Interlocked.Increment(ref _failed);
                    output.WriteLine($"{sender.Name} #{i} failed: {ex.GetType().Name} {(ex as ChatalotClientException)?.Code}");

                    // Paces the retries of a client whose node just went away; its reconnect runs meanwhile.
                    await Task.Delay(100);
                }
            }
        }
    }
}
