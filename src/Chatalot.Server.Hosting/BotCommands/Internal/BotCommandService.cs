using System.Text.Json;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Serialization;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.BotCommands.Internal;

/// <summary>
/// Published command lists: a user (a bot) publishes the commands it answers to, members of a community it is in read
/// them for the composer's autocomplete. Names and summaries are not message content; the server stores and serves them.
/// </summary>
internal sealed class BotCommandService(ChatalotDbContext db, Access access, TimeProvider clock)
{
    public const int PrefixMaxLength = 8;
    public const int MaxCommands = 100;
    public const int NameMaxLength = 32;
    public const int SummaryMaxLength = 200;
    public const int MaxArguments = 10;
    public const int ArgumentDescriptionMaxLength = 100;
    public const int ListMaxJsonLength = 64 * 1024;

    public async Task PublishAsync(Caller caller, PublishCommandsRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var row = await db.BotCommandLists.FirstOrDefaultAsync(r => r.UserId == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (request.Commands.Count == 0)
        {
            if (row is not null)
            {
                db.BotCommandLists.Remove(row);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (row is null)
        {
            row = new BotCommandListRow { UserId = caller.UserId };
            db.BotCommandLists.Add(row);
        }

        row.Prefix = request.Prefix;
        row.CommandsJson = JsonSerializer.Serialize(request.Commands.ToList(), ChatalotJson.GetTypeInfo<List<PublishedCommand>>());
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MemberCommandList>> ListAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        var rows = await db.CommunityMembers.AsNoTracking().Where(m => m.CommunityId == communityId)
            .Join(db.BotCommandLists, m => m.UserId, l => l.UserId, (m, l) => l)
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => new { List = l, u.Username })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Username, StringComparer.Ordinal).Select(r => new MemberCommandList(
            r.List.UserId,
            r.Username,
            r.List.Prefix,
            JsonSerializer.Deserialize(r.List.CommandsJson, ChatalotJson.GetTypeInfo<List<PublishedCommand>>()) ?? [],
            r.List.UpdatedAt))];
    }

    private static void Validate(PublishCommandsRequest request)
    {
        if (string.IsNullOrEmpty(request.Prefix) || request.Prefix.Length > PrefixMaxLength || request.Prefix.Any(char.IsWhiteSpace))
        {
            throw Fail.Validation("prefix", $"The prefix is 1-{PrefixMaxLength} characters without white space.");
        }

        if (request.Commands is null || request.Commands.Count > MaxCommands)
        {
            throw Fail.Validation("commands", $"At most {MaxCommands} commands.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var command in request.Commands)
        {
            if (command is null || !IsName(command.Name) || !names.Add(command.Name))
            {
                throw Fail.Validation("commands", $"Each command has a distinct name of 1-{NameMaxLength} letters, digits, '-' or '_'.");
            }

            if (command.Summary is { Length: > SummaryMaxLength })
            {
                throw Fail.Validation("commands", $"A summary is at most {SummaryMaxLength} characters.");
            }

            if (command.Arguments is { Count: > MaxArguments })
            {
                throw Fail.Validation("commands", $"A command has at most {MaxArguments} arguments.");
            }

            foreach (var argument in command.Arguments ?? [])
            {
                if (argument is null || string.IsNullOrWhiteSpace(argument.Name) || argument.Name.Length > NameMaxLength
                    || argument.Description is { Length: > ArgumentDescriptionMaxLength })
                {
                    throw Fail.Validation("commands", $"An argument has a name of 1-{NameMaxLength} characters and a description of at most {ArgumentDescriptionMaxLength}.");
                }
            }
        }
    }

    private static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= NameMaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
