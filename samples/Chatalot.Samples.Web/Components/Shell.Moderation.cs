namespace Chatalot.Samples.Web.Components;

public sealed partial class Shell
{
    private Guid? _shownChannel;

    // The open channel went away under the user (kicked, banned, or its view revoked): leave it rather than show a
    // channel that no longer answers; the sidebar has already dropped it and the moderation notice says why.
    private void LeaveLostChannel()
    {
        if (ChannelId is not { } id)
        {
            _shownChannel = null;
            return;
        }

        if (Session.FindChannel(id) is not null)
        {
            _shownChannel = id;
            return;
        }

        if (_shownChannel == id)
        {
            _shownChannel = null;
            if (_communityId is { } community && Session.Communities.All(c => c.Community.Id != community))
            {
                _communityId = Session.Communities.FirstOrDefault()?.Community.Id;
            }

            Navigation.NavigateTo("");
        }
    }

    // A member's name in their highest coloured role's colour.
    private string? NameStyle(Guid communityId, Guid userId) =>
        Session.RoleColorOf(communityId, userId) is { } color && IsCssColor(color) ? "color:" + color : null;

    private static bool IsCssColor(string value) =>
        value.Length is 4 or 7 && value[0] == '#' && value.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") is false;
}
