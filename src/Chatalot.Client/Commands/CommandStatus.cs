namespace Chatalot.Client.Commands;

/// <summary>The outcome of handling one message through the command pipeline.</summary>
public enum CommandStatus
{
    /// <summary>The command ran to completion.</summary>
    Succeeded = 0,

    /// <summary>The message did not start with the prefix.</summary>
    NotACommand = 1,

    /// <summary>No command has that name.</summary>
    UnknownCommand = 2,

    /// <summary>The arguments did not match the command's parameters.</summary>
    InvalidArguments = 3,

    /// <summary>The command threw.</summary>
    Failed = 4,

    /// <summary>A middleware stopped the command.</summary>
    Blocked = 5,

    /// <summary>A <see cref="PreconditionAttribute"/> refused the command (its reason is in <see cref="CommandResult.Error"/>).</summary>
    PreconditionFailed = 6,
}
