using System.Globalization;
using Chatalot.Protocol.Errors;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>What one actor gets from one route: <c>✓</c> (2xx), <c>–</c> (not applicable), or a status with its error code.</summary>
public readonly record struct MatrixCell(string Text)
{
    public const string Ok = "✓";
    public const string None = "–";

    public bool IsOk => Text == Ok;

    public bool Applies => Text != None;

    /// <summary>The error code a status answers with unless the cell names another.</summary>
    public static string DefaultCode(int status) => status switch
    {
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        409 => ErrorCodes.Conflict,
        422 => ErrorCodes.ValidationFailed,
        _ => "",
    };

    public (int Status, string Code) Refusal
    {
        get
        {
            var parts = Text.Split(' ', 2);
            var status = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return (status, parts.Length == 2 ? parts[1] : DefaultCode(status));
        }
    }

    /// <summary>The cell an answer fills in (default codes left out).</summary>
    public static MatrixCell Of(int status, string? code) =>
        status is >= 200 and < 300 ? new(Ok) : new(code is null || code == DefaultCode(status) ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {code}");

    public bool Matches(int status, string? code) => IsOk ? status is >= 200 and < 300 : (status, code ?? "") == Refusal;

    public override string ToString() => Text;
}
