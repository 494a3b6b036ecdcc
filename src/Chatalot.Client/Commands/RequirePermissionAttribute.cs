using Chatalot.Protocol.Roles;

namespace Chatalot.Client.Commands;

/// <summary>
/// The user who typed the command must hold every one of <see cref="Permissions"/> in that channel (their ranks, roles
/// and overrides resolved by the server: <c>GET /channels/{id}/permissions?user_id=</c>), as in
/// <c>[RequirePermission(CommunityPermissions.ManageMessages)]</c>. Direct messages have no permissions: there the check fails.
/// </summary>
/// <param name="permissions">The flags the user needs (all of them).</param>
public sealed class RequirePermissionAttribute(CommunityPermissions permissions) : PreconditionAttribute
{
    /// <summary>The flags the user needs.</summary>
    public CommunityPermissions Permissions { get; } = permissions;

    /// <inheritdoc />
    public override async ValueTask<PreconditionResult> CheckAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Message.IsDirect)
        {
            return PreconditionResult.Fail(ErrorMessage ?? "This command only works in a community channel.");
        }

        CommunityPermissions held;
        try
        {
            held = (await context.Client.Rest.GetPermissionsAsync(context.Message.ChannelId, context.Message.Sender.UserId, context.CancellationToken).ConfigureAwait(false)).Permissions;
        }
        catch (ChatalotApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            held = CommunityPermissions.None;
        }

        return (held & Permissions) == Permissions
            ? PreconditionResult.Success
            : PreconditionResult.Fail(ErrorMessage ?? $"You need the {Describe(Permissions & ~held)} permission to use this command.");
    }

    private static string Describe(CommunityPermissions missing) =>
        string.Join(", ", Enum.GetValues<CommunityPermissions>()
            .Where(f => f != CommunityPermissions.None && long.IsPow2((long)f) && missing.HasFlag(f))
            .Select(f => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(f.ToString())));
}
