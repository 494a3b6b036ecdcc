using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Chatalot.Client.Commands.Internal;

/// <summary>Discovers commands on module types and binds argument text to their parameters.</summary>
internal static class CommandBinder
{
    public static IEnumerable<CommandDescriptor> Discover(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] Type moduleType,
        IReadOnlyList<CommandArgumentType> custom)
    {
        if (!typeof(CommandModule).IsAssignableFrom(moduleType) || moduleType.IsAbstract)
        {
            throw new ArgumentException($"{moduleType.Name} must be a non-abstract class deriving from CommandModule.", nameof(moduleType));
        }

        foreach (var method in moduleType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = method.GetCustomAttribute<CommandAttribute>();
            if (attribute is null)
            {
                continue;
            }

            ValidateName(attribute.Name, moduleType, method);
            foreach (var alias in attribute.Aliases)
            {
                ValidateName(alias, moduleType, method);
            }

            var parameters = new List<CommandParameterDescriptor>();
            var methodParameters = method.GetParameters();
            for (var i = 0; i < methodParameters.Length; i++)
            {
                var p = methodParameters[i];
                if (p.ParameterType == typeof(CommandContext) || p.ParameterType == typeof(CancellationToken))
                {
                    continue;
                }

                var isRemainder = p.GetCustomAttribute<RemainderAttribute>() is not null;
                if (isRemainder && (p.ParameterType != typeof(string) || methodParameters.Skip(i + 1).Any(IsArgument)))
                {
                    throw new InvalidOperationException($"{moduleType.Name}.{method.Name}: [Remainder] must be on the last argument, of type string.");
                }

                if (!ArgumentParsers.IsSupported(p.ParameterType, custom))
                {
                    throw new InvalidOperationException($"{moduleType.Name}.{method.Name}: argument '{p.Name}' has unsupported type {p.ParameterType.Name}.");
                }

                var description = p.GetCustomAttribute<ArgumentDescriptionAttribute>()?.Description
                    ?? p.GetCustomAttribute<DescriptionAttribute>()?.Description
                    ?? ArgumentParsers.Describe(p.ParameterType, custom);
                parameters.Add(new CommandParameterDescriptor(p.Name ?? $"arg{i}", p.ParameterType, p.HasDefaultValue, isRemainder, description));
            }

            yield return new CommandDescriptor(attribute.Name, attribute.Aliases, attribute.Description, parameters, moduleType, method);
        }
    }

    /// <summary>Binds <paramref name="arguments"/> to the method's parameters, or explains why it cannot.</summary>
    public static bool TryBind(CommandDescriptor command, CommandContext context, string arguments, IReadOnlyList<CommandArgumentType> custom, out object?[] values, [NotNullWhen(false)] out string? error)
    {
        var tokens = CommandTokenizer.Tokenize(arguments);
        var methodParameters = command.Method.GetParameters();
        values = new object?[methodParameters.Length];
        error = null;
        var next = 0;
        foreach (var (p, index) in methodParameters.Select((p, i) => (p, i)))
        {
            if (p.ParameterType == typeof(CommandContext))
            {
                values[index] = context;
                continue;
            }

            if (p.ParameterType == typeof(CancellationToken))
            {
                values[index] = context.CancellationToken;
                continue;
            }

            if (next >= tokens.Count)
            {
                if (p.HasDefaultValue)
                {
                    values[index] = p.DefaultValue;
                    continue;
                }

                error = $"Missing <{p.Name}>: expected {ArgumentParsers.Describe(p.ParameterType, custom)}.";
                return false;
            }

            if (p.GetCustomAttribute<RemainderAttribute>() is not null)
            {
                values[index] = arguments[tokens[next].Start..].Trim();
                next = tokens.Count;
                continue;
            }

            var token = tokens[next++].Value;
            if (!ArgumentParsers.TryParse(token, p.ParameterType, custom, out var value))
            {
                error = $"'{Truncate(token)}' is not valid for <{p.Name}>: expected {ArgumentParsers.Describe(p.ParameterType, custom)}.";
                return false;
            }

            values[index] = value;
        }

        if (next < tokens.Count)
        {
            error = $"Too many arguments (unexpected '{Truncate(tokens[next].Value)}').";
            return false;
        }

        return true;
    }

    private static bool IsArgument(ParameterInfo p) => p.ParameterType != typeof(CommandContext) && p.ParameterType != typeof(CancellationToken);

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "…";

    private static void ValidateName(string name, Type moduleType, MethodInfo method)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new InvalidOperationException($"{moduleType.Name}.{method.Name}: command name '{name}' must be letters, digits, '-' or '_'.");
        }
    }
}
