namespace Chatalot.Client.Commands;

/// <summary>Describes a command argument in <c>!help</c> output.</summary>
/// <param name="description">The description.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class ArgumentDescriptionAttribute(string description) : Attribute
{
    /// <summary>The description.</summary>
    public string Description { get; } = description;
}
