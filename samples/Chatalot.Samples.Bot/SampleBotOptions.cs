using Chatalot.Client.Bots;
using Chatalot.Client.Commands;

namespace Chatalot.Samples.Bot;

/// <summary>The sample bot's settings: its own argument types, registered for its commands.</summary>
public static class SampleBotOptions
{
    /// <summary>Dice are this bot's own argument type: any <see cref="IParsable{TSelf}"/> can be registered for commands to take.</summary>
    public static ChatalotBotOptions Create() => new()
    {
        Commands = CommandRouterOptions.Default with { ArgumentTypes = [CommandArgumentType.For<DiceRoll>("dice such as 2d6, d20 or 3d8+2")] },
    };
}
