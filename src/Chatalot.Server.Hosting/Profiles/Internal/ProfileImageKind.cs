namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>Which profile image a row holds (<c>profile_images.Kind</c>).</summary>
internal enum ProfileImageKind
{
    Avatar = 0,
    Banner = 1,
}
