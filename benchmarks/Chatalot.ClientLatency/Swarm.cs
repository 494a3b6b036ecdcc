using System.Collections.Concurrent;
using System.Diagnostics;
using Chatalot.Client;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;

namespace Chatalot.ClientLatency;

/// <summary>
/// <c>n</c> real SDK clients, each with its own device store, members of one community group with #general, after every
/// one of them has sent a message there and seen everyone else's (pairwise sessions, sender keys and caches are warm).
/// </summary>
public sealed class Swarm : IAsyncDisposable
{
    private const string Password = "client-latency-password-1";
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, Probe> _probes = new(StringComparer.Ordinal);
    private readonly string _storeDirectory;
    private readonly ChatalotClient[] _clients;
    private readonly string[] _usernames;
    private int _undecryptable;

    private Swarm(ChatalotClient[] clients, string[] usernames, string storeDirectory)
    {
        _clients = clients;
        _usernames = usernames;
        _storeDirectory = storeDirectory;
    }

    public IReadOnlyList<ChatalotClient> Clients => _clients;

    public GroupId Group { get; private set; }

    public ChannelId General { get; private set; }

    /// <summary>MessageUndecryptable events seen by any client (should stay 0).</summary>
    public int Undecryptable => Volatile.Read(ref _undecryptable);

    public static async Task<Swarm> CreateAsync(Uri server, string store, int count, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("chatalot-latency-stores-").FullName;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clients = new ChatalotClient[count];
        var usernames = new string[count];
        for (var i = 0; i < count; i++)
        {
            usernames[i] = $"bench{i}x{suffix}";
            clients[i] = new ChatalotClient(new ChatalotClientOptions
            {
                ServerUrl = server,
                Username = usernames[i],
                Password = Password,
                RegisterIfMissing = true,
                // As real bots run: an encrypted SQLite device store per client; or the in-memory one.
                StorePath = store == "sqlite" ? Path.Combine(directory, $"client{i}.db") : null,
                StorePassphrase = store == "sqlite" ? "client latency store passphrase" : null,
            });
        }

        var swarm = new Swarm(clients, usernames, directory);
        try
        {
            await swarm.SetUpAsync(cancellationToken);
        }
        catch
        {
            await swarm.DisposeAsync();
            throw;
        }

        return swarm;
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            var index = i;
            _clients[i].Events.On<MessageReceived>((m, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                if (_probes.TryGetValue(m.Text, out var probe))
                {
                    probe.Arrive(index, now);
                }

                return ValueTask.CompletedTask;
            });
            _clients[i].Events.On<MessageUndecryptable>((_, _) =>
            {
                Interlocked.Increment(ref _undecryptable);
                return ValueTask.CompletedTask;
            });
        }

        await Parallel.ForAsync(0, _clients.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            await _clients[i].Rest.RegisterAsync(new RegisterRequest(_usernames[i], Password, SetupCode: "BENCHMARK-SETUP-CODE"), ct));

        var owner = _clients[0].Rest;
        var community = await owner.CreateCommunityAsync(new CreateCommunityRequest("Client latency"), cancellationToken);
        var group = await owner.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Bench"), cancellationToken);
        Group = new GroupId(group.Id);
        General = new ChannelId((await owner.GetGroupChannelsAsync(Group, cancellationToken))[0].Id);
        var invite = await owner.CreateCommunityInviteAsync(new CommunityId(community.Id), cancellationToken: cancellationToken);
        for (var i = 1; i < _clients.Length; i++)
        {
            await _clients[i].Rest.AcceptInviteAsync(invite.Code, cancellationToken);
            await _clients[i].Rest.JoinGroupAsync(Group, cancellationToken);
        }

        await Task.WhenAll(_clients.Select(c => c.ConnectAsync(cancellationToken)));

        // Every client writes once in #general and sees everyone else's: sessions both ways, chains distributed.
        for (var i = 0; i < _clients.Length; i++)
        {
            var probe = Expect($"warm-up {i} {Guid.NewGuid():N}", i);
            await SendAsync(i, General, probe, cancellationToken);
            await WaitAsync(probe, WarmUpTimeout, cancellationToken);
            if (probe.Last() is null)
            {
                throw new TimeoutException($"Warm-up message of client {i} did not reach every member within {WarmUpTimeout.TotalSeconds} s.");
            }
        }

        await Task.Delay(500, cancellationToken);
    }

    /// <summary>Registers a message text to watch for (the text is the key, so it must be unique).</summary>
    public Probe Expect(string text, int sender)
    {
        var probe = new Probe(text, _clients.Length, sender);
        _probes[text] = probe;
        return probe;
    }

    /// <summary>Stamps the send and calls the public <c>SendAsync(ChannelId, string)</c>.</summary>
    public async Task SendAsync(int sender, ChannelId channel, Probe probe, CancellationToken cancellationToken)
    {
        probe.SentAt = Stopwatch.GetTimestamp();
        await _clients[sender].SendAsync(channel, probe.Text, cancellationToken);
        probe.SendReturnedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Waits for every receiver, at most <paramref name="timeout"/>; a probe still incomplete then counts as missing.</summary>
    public static async Task WaitAsync(Probe probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await probe.Done.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        try
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
