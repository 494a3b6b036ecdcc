using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Client.Commands;

/// <summary>
/// Limits a command to <see cref="Uses"/> runs per <see cref="Period"/> in each bucket (per user, per channel or global):
/// <c>[Cooldown(2, 30)]</c> allows two runs per user in any 30 seconds. The clock is the <see cref="TimeProvider"/>
/// registered in the command's services (the system clock if none), so tests can use a fake one.
/// </summary>
/// <remarks>
/// The window is sliding: a use counts for <see cref="Period"/> after it. The refusal's reason says how long to wait;
/// a custom <see cref="PreconditionAttribute.ErrorMessage"/> may include <c>{remaining}</c> (whole seconds). On a module
/// class, each command of the module has its own cooldown.
/// </remarks>
/// <param name="uses">Runs allowed per period (at least 1).</param>
/// <param name="seconds">The period in seconds (more than 0).</param>
/// <param name="scope">Who shares the uses.</param>
public sealed class CooldownAttribute(int uses, double seconds, CooldownScope scope = CooldownScope.User) : PreconditionAttribute
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _buckets = new(StringComparer.Ordinal);
    private int _checks;

    /// <summary>Runs allowed per period.</summary>
    public int Uses { get; } = uses > 0 ? uses : throw new ArgumentOutOfRangeException(nameof(uses), "A cooldown allows at least one use.");

    /// <summary>The period.</summary>
    public TimeSpan Period { get; } = seconds > 0 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : throw new ArgumentOutOfRangeException(nameof(seconds), "A cooldown period is more than 0 s.");

    /// <summary>Who shares the uses.</summary>
    public CooldownScope Scope { get; } = scope;

    /// <inheritdoc />
    protected internal override bool RunsLast => true;

    /// <inheritdoc />
    public override ValueTask<PreconditionResult> CheckAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = context.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var now = time.GetUtcNow();
        var key = Scope switch
        {
            CooldownScope.User => context.Message.Sender.UserId.ToString(),
            CooldownScope.Channel => context.Message.ChannelId.ToString(),
            _ => string.Empty,
        };

        // Buckets of idle users are swept now and then, so a busy bot's memory stays bounded by recent users.
        if (Interlocked.Increment(ref _checks) % 256 == 0)
        {
            Sweep(now);
        }

        while (true)
        {
            var uses = _buckets.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (uses)
            {
                // A sweep may have dropped this bucket between the lookup and the lock: take the current one.
                if (!_buckets.TryGetValue(key, out var current) || !ReferenceEquals(current, uses))
                {
                    continue;
                }

                while (uses.Count > 0 && now - uses.Peek() >= Period)
                {
                    uses.Dequeue();
                }

                if (uses.Count < Uses)
                {
                    uses.Enqueue(now);
                    return ValueTask.FromResult(PreconditionResult.Success);
                }

                var remaining = uses.Peek() + Period - now;
                var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var reason = ErrorMessage?.Replace("{remaining}", seconds, StringComparison.Ordinal)
                    ?? $"Slow down: try {context.Prefix}{context.CommandName} again in {seconds}s.";
                return ValueTask.FromResult(PreconditionResult.Fail(reason));
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, uses) in _buckets)
        {
            lock (uses)
            {
                if (uses.Count == 0 || now - uses.Last() >= Period)
                {
                    _buckets.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, uses));
                }
            }
        }
    }
}
