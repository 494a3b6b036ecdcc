namespace Chatalot.Client.Commands;

/// <summary>Who shares a <see cref="CooldownAttribute"/>'s uses.</summary>
public enum CooldownScope
{
    /// <summary>Each user has their own uses, in every channel.</summary>
    User = 0,

    /// <summary>Each channel has its uses, shared by everyone in it.</summary>
    Channel = 1,

    /// <summary>Everyone everywhere shares the uses.</summary>
    Global = 2,
}
