namespace Chatalot.Client.Commands;

/// <summary>How a hosted bot runs a command relative to the other messages of its channel.</summary>
public enum CommandRunMode
{
    /// <summary>
    /// Off the channel's ordered queue (the default): a slow command never holds up the channel's next messages or
    /// commands, and commands of one channel may finish in any order.
    /// </summary>
    Concurrent = 0,

    /// <summary>On the channel's ordered queue: the channel's later messages and commands wait until it has finished.</summary>
    Sequential = 1,
}
