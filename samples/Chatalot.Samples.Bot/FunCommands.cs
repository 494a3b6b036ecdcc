using Chatalot.Client.Commands;

namespace Chatalot.Samples.Bot;

/// <summary>The sample's commands. A new instance per command, so constructor injection of scoped services works.</summary>
public sealed class FunCommands(TimeProvider time) : CommandModule
{
    private static readonly long Started = System.Diagnostics.Stopwatch.GetTimestamp();

    [Command("ping", Description = "Checks that the bot is alive.")]
    public string Ping() => $"pong ({(time.GetUtcNow() - Context.Message.SentAt).TotalMilliseconds:F0} ms)";

    [Command("roll", Description = "Rolls dice, for example !roll 2d6+1.", Aliases = ["r"])]
    [Cooldown(5, 30)] // five rolls per person per 30 s: a precondition, checked before the command runs
    public string Roll([ArgumentDescription("dice such as 2d6, d20 or 3d8+2")] DiceRoll dice = default) =>
        (dice == default ? new DiceRoll(1, 6) : dice).Roll().ToString();

    [Command("uptime", Description = "How long the bot has been running (the bot's owners and the community owner only).")]
    [RequireOwner]
    public string Uptime() => $"Up for {System.Diagnostics.Stopwatch.GetElapsedTime(Started):d\\.hh\\:mm\\:ss}.";

    // Runs off the channel's queue (the default), so waiting for the reminder never keeps the bot deaf in that channel.
    [Command("remind", Description = "Reminds you of something later, e.g. !remind 10m stretch your legs.")]
    public async Task RemindAsync(TimeSpan delay, [Remainder] string what, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.FromHours(24))
        {
            await ReplyAsync("I can only remember things for up to a day.");
            return;
        }

        await ReplyAsync($"OK, I will remind you in {delay}.");
        await Task.Delay(delay, time, cancellationToken);
        await ReplyDirectAsync($"Reminder: {what}");
    }
}
