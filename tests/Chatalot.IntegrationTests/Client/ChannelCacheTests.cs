using Chatalot.Client;
using Chatalot.Client.Devices.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chatalot.IntegrationTests.Client;

/// <summary>
/// The client's channel cache against a listing read before a change but answered after it: the stale listing must
/// not overwrite the newer view. A sender whose cache kept <c>history_days</c> 0 this way marked its first distribution
/// point unshareable, so a member who joined later could not read what was sent before (content.md §6.2; the flake of
/// <see cref="ChannelHistoryTests.HistoryOn_MemberWhoJoinsLater_GetsTheWindowWithTheChainHandedOverAtJoin"/>).
/// Real server on loopback; only the listing's answer is held back, after the server produced it.
/// </summary>
public sealed class ChannelCacheTests : IAsyncLifetime, IDisposable
{
    private const string Password = "a long enough password";
    private readonly HeldListing _listing = new();
    private ClientHarness _harness = null!;
    private HttpClient _http = null!;
    private ChatalotRestClient _rest = null!;
    private DeviceState _state = null!;
    private DeviceListBook _lists = null!;
    private DeviceDirectory _directory = null!;
    private ChannelId _channel;
    private string _name = null!;

    public async Task InitializeAsync()
    {
        _harness = await ClientHarness.StartAsync();
        _http = new HttpClient(_listing);
        _rest = new ChatalotRestClient(_http, _harness.Server.BaseAddress);
        _name = "owner" + Guid.NewGuid().ToString("N")[..8];
        var session = await _rest.RegisterAsync(ChatalotApi.Registration(_name, Password), CancellationToken.None);
        var self = new UserId(session.User.Id);
        var community = await _rest.CreateCommunityAsync(new CreateCommunityRequest("Cache"), CancellationToken.None);
        var group = await _rest.CreateGroupAsync(new CommunityId(community.Id), new CreateGroupRequest("Inner"), CancellationToken.None);
        _channel = new ChannelId(Assert.Single(await _rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None)).Id);

        _state = await DeviceState.OpenAsync(new ChatalotClientOptions { ServerUrl = _harness.Server.BaseAddress }, self, CancellationToken.None);
        _lists = new DeviceListBook(_state, _rest, self, IdentityChangePolicy.BlockUntilAccepted, new EventHub(), TimeProvider.System, NullLogger.Instance);
        _directory = new DeviceDirectory(_rest, self, _state.Device, _lists, TimeProvider.System);

        // As the client wires it: our own update's answer is the channel as it is now.
        _rest.ChannelUpdated = channel => _directory.Remember(channel);
    }

    public async Task DisposeAsync()
    {
        await _state.DisposeAsync();
        await _harness.DisposeAsync();
    }

    public void Dispose()
    {
        _directory.Dispose();
        _lists.Dispose();
        _rest.Dispose();
        _http.Dispose();
        _listing.Dispose();
    }

    [Fact]
    public async Task ListingReadBeforeOurOwnUpdate_AnsweredAfterIt_DoesNotOverwriteTheUpdate()
    {
        _listing.Arm();
        var listing = _directory.RefreshChannelsAsync(CancellationToken.None);
        await _listing.Produced.WaitAsync(TimeSpan.FromSeconds(10));

        await _rest.UpdateChannelAsync(_channel, new UpdateChannelRequest { HistoryDays = 7 }, CancellationToken.None);
        _listing.Release();
        Assert.Equal(0, Assert.Single(await listing, c => c.Id == _channel.Value).HistoryDays);

        Assert.Equal(7, (await _directory.GetChannelAsync(_channel, CancellationToken.None)).HistoryDays);
    }

    [Fact]
    public async Task ListingReadBeforeAChannelUpdatedEvent_AnsweredAfterIt_IsNotKept()
    {
        _listing.Arm();
        var listing = _directory.RefreshChannelsAsync(CancellationToken.None);
        await _listing.Produced.WaitAsync(TimeSpan.FromSeconds(10));

        // Someone else's change: only the channel_updated event tells this client, which forgets its entry.
        using (var other = ChatalotRestClient.Create(new ChatalotClientOptions { ServerUrl = _harness.Server.BaseAddress }))
        {
            await other.LoginAsync(new LoginRequest(_name, Password), CancellationToken.None);
            await other.UpdateChannelAsync(_channel, new UpdateChannelRequest { HistoryDays = 7 }, CancellationToken.None);
        }

        _directory.ForgetChannel(_channel.Value);
        _listing.Release();
        await listing;

        Assert.Equal(7, (await _directory.GetChannelAsync(_channel, CancellationToken.None)).HistoryDays);
    }

    /// <summary>Passes every request through; once armed, holds the next channel listing's answer until released.</summary>
    private sealed class HeldListing() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly TaskCompletionSource _produced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Produced => _produced.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _released.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/channels", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                _produced.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
    }
}
