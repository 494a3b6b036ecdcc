using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Admin;

/// <summary>How an announcement banner is shown (<see cref="ServerBanner.Level"/>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<BannerLevel>))]
public enum BannerLevel
{
    /// <summary>A neutral announcement.</summary>
    Info,

    /// <summary>A warning (maintenance, an incident).</summary>
    Warning,
}
