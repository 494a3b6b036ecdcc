using Chatalot.Server.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Chatalot.Server.Hosting.Attachments.Internal;

/// <summary>Registers the attachment services and the blob store <see cref="ChatalotAttachmentOptions.Store"/> names (unless the host registered its own).</summary>
internal static class AttachmentRegistration
{
    public static void Add(IServiceCollection services, ChatalotServerOptions options)
    {
        services.TryAddSingleton<IChatalotBlobStore>(_ => options.Attachments.Store == ChatalotAttachmentStore.PostgreSql
            ? new PostgresBlobStore(NpgsqlDataSource.Create(options.Database.ConnectionString!))
            : new FileSystemBlobStore(Path.Combine(Path.GetFullPath(options.DataDirectory), "attachments")));
        services.AddSingleton<RunningDigests>();
        services.AddScoped<AttachmentCleaner>();
        services.AddScoped<AttachmentService>();
        services.AddScoped<AttachmentReferences>();
        services.AddSingleton<AttachmentSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AttachmentSweeper>());
    }
}
