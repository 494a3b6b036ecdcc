namespace Chatalot.Samples.Web.Components;

/// <summary>ARIA state attributes need the strings "true"/"false": Blazor renders a bool attribute as present/absent.</summary>
public static class Aria
{
    public static string State(bool value) => value ? "true" : "false";
}
