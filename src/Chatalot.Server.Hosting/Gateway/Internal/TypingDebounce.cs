using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Gateway.Internal;

/// <summary>
/// Lets through one <c>typing_started</c> per (user, channel) per <see cref="ChatalotGatewayOptions.TypingDebounce"/>.
/// <see cref="TypingDebounce"/> on a single node; <c>ScaleOut.Internal.RedisTypingDebounce</c> across a cluster, where
/// one user may type on connections held by two nodes.
/// </summary>
internal interface ITypingDebounce
{
    /// <summary>Whether this typing notice should be relayed (and starts a new debounce interval if so).</summary>
    ValueTask<bool> TryStartAsync(Guid userId, Guid channelId, DateTimeOffset now);
}

/// <summary>The node-local debounce: the time of the last relayed notice per (user, channel).</summary>
internal sealed class TypingDebounce(IOptions<ChatalotServerOptions> options) : ITypingDebounce
{
    private readonly ConcurrentDictionary<(Guid User, Guid Channel), DateTimeOffset> _typing = new();
    private readonly ChatalotGatewayOptions _options = options.Value.Gateway;

    public ValueTask<bool> TryStartAsync(Guid userId, Guid channelId, DateTimeOffset now) => ValueTask.FromResult(TryStart(userId, channelId, now));

    public bool TryStart(Guid userId, Guid channelId, DateTimeOffset now)
    {
        var key = (userId, channelId);
        if (_typing.TryGetValue(key, out var last) && now - last < _options.TypingDebounce)
        {
            return false;
        }

        _typing[key] = now;
        if (_typing.Count > 100_000)
        {
            foreach (var (k, v) in _typing)
            {
                if (now - v > _options.TypingDuration)
                {
                    _typing.TryRemove(k, out _);
                }
            }
        }

        return true;
    }
}
