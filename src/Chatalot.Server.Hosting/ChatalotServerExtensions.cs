using System.Threading.RateLimiting;
using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Attachments.Internal;
using Chatalot.Server.Hosting.Authorization.Internal;
using Chatalot.Server.Hosting.Channels.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Conversations.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Keys.Internal;
using Chatalot.Server.Hosting.Messages.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Previews.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Chatalot.Server.Hosting.ToDevice.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting;

/// <summary>
/// Registers and maps the Chatalot server inside an ASP.NET Core application.
/// </summary>
public static class ChatalotServerExtensions
{
    private const string GlobalRateLimitPolicy = "chatalot-global";

    /// <summary>
    /// Adds the Chatalot server's services, binding <see cref="ChatalotServerOptions"/> from the
    /// <c>Chatalot</c> configuration section and then applying <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The application's service collection.</param>
    /// <param name="configuration">The configuration to bind options from, or <see langword="null"/> for defaults.</param>
    /// <param name="configure">Optional code that adjusts the options after binding.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public static IServiceCollection AddChatalotServer(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Func<ChatalotServerOptions, ChatalotServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = configuration?.GetSection(ChatalotServerOptions.SectionName).Get<ChatalotServerOptions>() ?? new ChatalotServerOptions();
        options = configure?.Invoke(options) ?? options;
        options.Validate();
        services.AddSingleton(Options.Create(options));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Clock>();
        DatabaseRegistration.Add(services, options);
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<Admin.Internal.SetupCodeAnnouncer>();

        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccessTokenService>();
        services.AddSingleton<PasswordGuessThrottle>();
        services.AddScoped<CallerResolver>();
        services.AddScoped<BotCommands.Internal.BotCommandService>();
        services.AddScoped<Devices.Internal.DeviceListService>();
        services.AddScoped<Devices.Internal.DeviceLinkService>();
        services.AddScoped<Devices.Internal.KeyBackupService>();
        services.AddScoped<AccountService>();
        services.AddScoped<UserService>();
        services.AddScoped<Relationships>();
        services.AddScoped<KeyService>();
        services.AddScoped<ToDeviceService>();
        services.AddScoped<Access>();
        services.AddScoped<MembershipEffects>();
        services.AddScoped<CommunityService>();
        services.AddScoped<GroupService>();
        services.AddScoped<InviteService>();
        services.AddScoped<Invitations.Internal.DirectInviteService>();
        services.AddScoped<Invitations.Internal.UserLookup>();
        services.AddScoped<ChannelService>();
        services.AddScoped<MessageService>();
        services.AddScoped<ThreadCounters>();
        services.AddScoped<ThreadService>();
        services.AddScoped<PinService>();
        services.AddScoped<ReadStateService>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<Profiles.Internal.ProfileAccess>();
        services.AddScoped<Profiles.Internal.ProfileEvents>();
        services.AddScoped<Profiles.Internal.ProfileService>();
        services.AddScoped<Emoji.Internal.CustomEmojiService>();
        services.AddSingleton<Reports.Internal.FrankingKeys>();
        services.AddScoped<Reports.Internal.ReportService>();
        services.AddSingleton<Security.Internal.SecretProtector>();
        services.AddSingleton<Security.Internal.TotpCodes>();
        services.AddScoped<Security.Internal.TwoFactorGate>();
        services.AddScoped<Security.Internal.SecurityService>();
        services.AddScoped<Security.Internal.AccountDeletionService>();
        services.AddScoped<Audit.Internal.AuditLog>();
        services.AddScoped<Audit.Internal.AuditLogService>();
        services.AddScoped<Roles.Internal.RoleService>();
        services.AddScoped<Roles.Internal.ModerationService>();
        services.AddScoped<SendAuthorizer>();
        services.AddScoped<Admin.Internal.AdminAudit>();
        services.AddScoped<Admin.Internal.SetupClaim>();
        services.AddScoped<Admin.Internal.ServerSettingsService>();
        services.AddScoped<Admin.Internal.AdminService>();
        services.AddScoped<Bots.Internal.BotService>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<MessagePurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<MessagePurgeService>());
        services.AddSingleton<LinkPreviewService>();
        services.AddSingleton<GifService>();
        AttachmentRegistration.Add(services, options);
        services.AddMetrics();
        services.AddSingleton<ChatalotMetrics>();
        if (options.ScaleOut.Enabled)
        {
            services.AddSingleton<ScaleOut.Internal.RedisConnection>();
            services.AddHostedService<ScaleOut.Internal.ClusterSecretsCheck>();
            services.TryAddSingleton<IChatalotBackplane, ScaleOut.Internal.RedisBackplane>();
            services.AddSingleton<Voice.Internal.IVoiceState, ScaleOut.Internal.RedisVoiceState>();
            services.AddHostedService<ScaleOut.Internal.VoiceOrphanSweep>();
        }

        ScaleOut.Internal.SharedStateRegistration.Add(services, options);

        services.TryAddSingleton<IChatalotBackplane, InProcessBackplane>();
        services.AddSingleton<IGatewayPublisher, GatewayPublisher>();
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<GatewayFrameHandler>();
        services.AddSingleton<GatewayDeadlines>();
        services.AddSingleton<GatewayEndpoint>();
        services.TryAddSingleton<Voice.Internal.IVoiceState, Voice.Internal.InMemoryVoiceState>();
        services.AddSingleton<Voice.Internal.VoiceTracker>();
        services.AddSingleton<Voice.Internal.IceServerService>();
        services.AddScoped<Voice.Internal.VoiceService>();

        var health = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        if (options.ScaleOut.Enabled)
        {
            health.AddCheck<ScaleOut.Internal.RedisHealthCheck>("redis", tags: ["ready"]);
        }
        services.AddOpenApi("chatalot", o => o.AddSchemaTransformer(WireSchemaTransformer.TransformAsync).AddDocumentTransformer(WireSchemaTransformer.TransformDocumentAsync));
        AddRateLimiting(services, options.RateLimits, options.ScaleOut.Enabled);
        return services;
    }

    /// <summary>
    /// Maps the Chatalot endpoints: the REST API under <see cref="ProtocolVersion.ApiPrefix"/>, the gateway at
    /// <see cref="ProtocolVersion.GatewayPath"/>, health probes at <c>/health/live</c> and <c>/health/ready</c>, and the
    /// OpenAPI document at <c>/openapi/chatalot.json</c>. Call it on the <c>WebApplication</c> so the server can add its
    /// error-handling, rate-limiting and WebSocket middleware as well.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapChatalot(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints is IApplicationBuilder app)
        {
            app.UseMiddleware<ErrorHandlingMiddleware>();
            app.UseRateLimiter();
            app.UseMiddleware<GatewayUpgradeMiddleware>();
            app.UseWebSockets();
        }

        // Graceful shutdown: close gateway connections with a resumable reason before the server stops.
        var hub = endpoints.ServiceProvider.GetRequiredService<GatewayHub>();
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(hub.Drain);
        endpoints.Map(ProtocolVersion.GatewayPath, (HttpContext http, GatewayEndpoint gateway) => gateway.HandleAsync(http)).ExcludeFromDescription();

        HealthEndpoints.Map(endpoints);
        endpoints.MapOpenApi();

        var api = endpoints.MapGroup(ProtocolVersion.ApiPrefix).RequireRateLimiting(GlobalRateLimitPolicy).WithSharedProblems()
            .AddEndpointFilter<RaceSafeWriteFilter>();
        AccountEndpoints.Map(api);
        KeyEndpoints.Map(api);
        CommunityEndpoints.Map(api);
        MessageEndpoints.Map(api);
        ConversationEndpoints.Map(api);
        PreviewEndpoints.Map(api);

        // Upload chunks stream to the blob store: no body buffering for RaceSafeWriteFilter's reruns.
        AttachmentEndpoints.Map(api, endpoints.MapGroup(ProtocolVersion.ApiPrefix).RequireRateLimiting(GlobalRateLimitPolicy).WithSharedProblems());
        Profiles.Internal.ProfileEndpoints.Map(api);
        Emoji.Internal.CustomEmojiEndpoints.Map(api);
        Reports.Internal.ReportEndpoints.Map(api);
        Security.Internal.SecurityEndpoints.Map(api);
        Admin.Internal.AdminEndpoints.Map(api);
        Audit.Internal.AuditLogEndpoints.Map(api);
        Roles.Internal.RoleEndpoints.Map(api);
        Bots.Internal.BotEndpoints.Map(api);
        Invitations.Internal.DirectInviteEndpoints.Map(api);
        BotCommands.Internal.BotCommandEndpoints.Map(api);
        Devices.Internal.DeviceEndpoints.Map(api);
        Voice.Internal.VoiceEndpoints.Map(api);
        return endpoints;
    }

    private static void AddRateLimiting(IServiceCollection services, ChatalotRateLimitOptions limits, bool cluster)
    {
        services.AddRateLimiter(o =>
        {
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
                await ProblemWriter.WriteAsync(context.HttpContext, 429, ErrorCodes.RateLimited, "Too many requests; retry later.", retryAfter: retry).ConfigureAwait(false);
            };
            if (cluster)
            {
                // One budget per address for the whole cluster (ScaleOut/Internal/RedisTokenBuckets.cs). The auth limit
                // becomes a bucket of a minute's requests refilled over the minute instead of a fixed window.
                o.AddPolicy(GlobalRateLimitPolicy, http => !limits.Enabled
                    ? RateLimitPartition.GetNoLimiter("off")
                    : ClusterPartition(http, "rest:", limits.Burst, limits.RequestsPerSecond));
                o.AddPolicy(AccountEndpoints.AuthRateLimitPolicy, http => !limits.Enabled
                    ? RateLimitPartition.GetNoLimiter("off")
                    : ClusterPartition(http, "auth:", limits.AuthRequestsPerMinute, limits.AuthRequestsPerMinute / 60.0));
                return;
            }

            o.AddPolicy(GlobalRateLimitPolicy, http => !limits.Enabled
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.Get(AccountEndpoints.ClientAddress(http), _ =>
                    new RequestTokenBucket(http.RequestServices.GetRequiredService<TimeProvider>(), limits.Burst, limits.RequestsPerSecond)));
            o.AddPolicy(AccountEndpoints.AuthRateLimitPolicy, http => !limits.Enabled
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter(AccountEndpoints.ClientAddress(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AuthRequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
    }

    private static RateLimitPartition<string> ClusterPartition(HttpContext http, string kind, int burst, double perSecond)
    {
        var name = kind + AccountEndpoints.ClientAddress(http);
        return RateLimitPartition.Get(name, key => new ScaleOut.Internal.RedisRateLimiter(
            http.RequestServices.GetRequiredService<ScaleOut.Internal.RedisTokenBuckets>(), key, burst, perSecond, http.RequestServices.GetRequiredService<TimeProvider>()));
    }
}
