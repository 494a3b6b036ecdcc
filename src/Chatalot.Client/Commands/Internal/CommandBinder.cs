using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Chatalot.Client.Commands.Internal;

/// <summary>Discovers commands on module types and binds argument text to their parameters.</summary>
internal static class CommandBinder
{
    public static IEnumerable<CommandDescriptor> Discover(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods)] Type moduleType,
        IReadOnlyList<CommandArgumentType> custom,
        IReadOnlyList<ICommandArgumentParser> parsers)
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

                if (FindParser(p.ParameterType, parsers) is null && !ArgumentParsers.IsSupported(p.ParameterType, custom))
                {
                    throw new InvalidOperationException($"{moduleType.Name}.{method.Name}: argument '{p.Name}' has unsupported type {p.ParameterType.Name}.");
                }

                var description = p.GetCustomAttribute<ArgumentDescriptionAttribute>()?.Description
                    ?? p.GetCustomAttribute<DescriptionAttribute>()?.Description
                    ?? Describe(p.ParameterType, custom, parsers);
                parameters.Add(new CommandParameterDescriptor(p.Name ?? $"arg{i}", p.ParameterType, p.HasDefaultValue, isRemainder, description));
            }

            // The module's checks, then the method's; cooldowns last so a refused command does not use one up.
            var preconditions = moduleType.GetCustomAttributes<PreconditionAttribute>(inherit: true)
                .Concat(method.GetCustomAttributes<PreconditionAttribute>(inherit: true))
                .OrderBy(c => c.RunsLast)
                .ToList();
            var runMode = (method.GetCustomAttribute<RunModeAttribute>() ?? moduleType.GetCustomAttribute<RunModeAttribute>())?.Mode ?? CommandRunMode.Concurrent;
            yield return new CommandDescriptor(attribute.Name, attribute.Aliases, attribute.Description, parameters, moduleType, method, preconditions, runMode);
        }
    }

    /// <summary>Binds <paramref name="arguments"/> to the method's parameters, or explains why it cannot.</summary>
    public static async ValueTask<(object?[]? Values, string? Error)> BindAsync(CommandDescriptor command, CommandContext context, string arguments, IReadOnlyList<CommandArgumentType> custom, IReadOnlyList<ICommandArgumentParser> parsers)
    {
        var tokens = CommandTokenizer.Tokenize(arguments);
        var methodParameters = command.Method.GetParameters();
        var values = new object?[methodParameters.Length];
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

                return (null, $"Missing <{p.Name}>: expected {Describe(p.ParameterType, custom, parsers)}.");
            }

            if (p.GetCustomAttribute<RemainderAttribute>() is not null)
            {
                values[index] = arguments[tokens[next].Start..].Trim();
                next = tokens.Count;
                continue;
            }

            var token = tokens[next++].Value;
            if (FindParser(p.ParameterType, parsers) is { } parser)
            {
                var parsed = await parser.ParseAsync(token, context).ConfigureAwait(false);
                if (!parsed.IsSuccess)
                {
                    return (null, $"'{Truncate(token)}' is not valid for <{p.Name}>: {parsed.Error ?? "expected " + parser.Description + "."}");
                }

                values[index] = parsed.Value;
                continue;
            }

            if (!ArgumentParsers.TryParse(token, p.ParameterType, custom, out var value))
            {
                return (null, $"'{Truncate(token)}' is not valid for <{p.Name}>: expected {ArgumentParsers.Describe(p.ParameterType, custom)}.");
            }

            values[index] = value;
        }

        if (next < tokens.Count)
        {
            return (null, $"Too many arguments (unexpected '{Truncate(tokens[next].Value)}').");
        }

        return (values, null);
    }

    private static ICommandArgumentParser? FindParser(Type type, IReadOnlyList<ICommandArgumentParser> parsers)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return parsers.LastOrDefault(p => p.Type == t);
    }

    private static string Describe(Type type, IReadOnlyList<CommandArgumentType> custom, IReadOnlyList<ICommandArgumentParser> parsers) =>
        FindParser(type, parsers)?.Description ?? ArgumentParsers.Describe(type, custom);

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
