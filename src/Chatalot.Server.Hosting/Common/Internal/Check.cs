using System.Buffers;
using System.Globalization;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Microsoft.AspNetCore.Http;

namespace Chatalot.Server.Hosting.Common.Internal;

/// <summary>Input rules shared by the routes, each failing with a 422 <c>validation_failed</c> naming the field.</summary>
internal static class Check
{
    private static readonly SearchValues<char> UsernameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    public static string Username(string? value)
    {
        var v = value?.Trim() ?? "";
        if (v.Length < ChatalotLimits.UsernameMinLength || v.Length > ChatalotLimits.UsernameMaxLength)
        {
            throw Fail.Validation("username", $"Must be {ChatalotLimits.UsernameMinLength}-{ChatalotLimits.UsernameMaxLength} characters.");
        }

        if (v.AsSpan().ContainsAnyExcept(UsernameChars) || !char.IsAsciiLetterOrDigit(v[0]) || v.EndsWith('.') || v.Contains("..", StringComparison.Ordinal))
        {
            throw Fail.Validation("username", "Use letters, digits, '_', '.', '-'; start with a letter or digit; no trailing or double dot.");
        }

        return v;
    }

    public static string Password(string? value, string field = "password")
    {
        if (value is null || value.Length < ChatalotLimits.PasswordMinLength || value.Length > ChatalotLimits.PasswordMaxLength)
        {
            throw Fail.Validation(field, $"Must be {ChatalotLimits.PasswordMinLength}-{ChatalotLimits.PasswordMaxLength} characters.");
        }

        return value;
    }

    public static string Name(string? value, string field, int max = ChatalotLimits.NameMaxLength)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0 || v.Length > max || v.Any(char.IsControl))
        {
            throw Fail.Validation(field, $"Must be 1-{max} characters without control characters.");
        }

        return v;
    }

    public static string? OptionalText(string? value, string field, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > max)
        {
            throw Fail.Validation(field, $"Must be at most {max} characters.");
        }

        return value.Length == 0 ? null : value;
    }

    /// <summary>Refuses control characters (newlines allowed where the field is multi-line, such as a bio).</summary>
    public static string NoControl(string value, string field, bool allowNewlines)
    {
        if (value.Any(c => char.IsControl(c) && !(allowNewlines && c == '\n')))
        {
            throw Fail.Validation(field, allowNewlines ? "Must not contain control characters other than line breaks." : "Must not contain control characters.");
        }

        return value;
    }

    public static int PageSize(int? limit, int max)
    {
        var v = limit ?? Math.Min(ChatalotLimits.DefaultPageSize, max);
        if (v < 1 || v > max)
        {
            throw Fail.Validation("limit", $"Must be 1-{max}.");
        }

        return v;
    }

    public static void InviteLimits(int? maxUses, int? expiresInHours)
    {
        if (maxUses is < 1 or > 10_000)
        {
            throw Fail.Validation("max_uses", "Must be 1-10000.");
        }

        if (expiresInHours is < 1 or > ChatalotLimits.InviteMaxExpiryHours)
        {
            throw Fail.Validation("expires_in_hours", $"Must be 1-{ChatalotLimits.InviteMaxExpiryHours}.");
        }
    }

    /// <summary>A paging offset: below zero is a malformed query parameter (400), like an unparsable one.</summary>
    public static int Offset(int? offset) =>
        offset is null or >= 0 ? offset ?? 0 : throw Fail.Code(ErrorCodes.MalformedRequest, 400, "The offset must not be negative.");

    /// <summary>
    /// Endpoint filter for routes with a <c>{deviceId:int}</c> segment: device ids are positive (rest.md §Keys), so
    /// <c>0</c> or <c>-1</c> in the path is a malformed request (400) rather than an empty answer or a 404.
    /// </summary>
    public static ValueTask<object?> DeviceIdRouteFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.RouteValues.TryGetValue("deviceId", out var raw) &&
        (!int.TryParse(raw as string, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id < 1)
            ? throw Fail.Code(ErrorCodes.MalformedRequest, 400, "Device ids are positive 32-bit integers.")
            : next(context);

    public static void DeviceId(int deviceId)
    {
        if (deviceId < 1)
        {
            throw Fail.Validation("device_id", "Device ids are positive 32-bit integers.");
        }
    }
}
