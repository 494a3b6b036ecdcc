using Chatalot.Protocol;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.ToDevice;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.ToDevice.Internal;

/// <summary>
/// Durable per-device inboxes for opaque payloads (sender-key distribution, session set-up). Entries are stored before
/// the send is acknowledged, pushed over the gateway, and deleted only when the recipient device acknowledges them.
/// Ephemeral sends (call signalling, calls.md §3) pass the same checks but are only pushed to the devices' open
/// connections, never stored: their ids name no row, so acknowledging them deletes nothing.
/// </summary>
internal sealed class ToDeviceService(ChatalotDbContext db, Clock clock, Relationships relationships, IGatewayPublisher gateway)
{
    public async Task<ToDeviceSendResult> SendAsync(Caller caller, SendToDeviceRequest request, CancellationToken cancellationToken)
    {
        if (request.Messages.Count is 0 or > ChatalotLimits.ToDeviceBatchMaxMessages)
        {
            throw Fail.Validation("messages", $"Send 1-{ChatalotLimits.ToDeviceBatchMaxMessages} messages.");
        }

        if (!await db.Devices.AnyAsync(d => d.UserId == caller.UserId && d.DeviceId == request.SenderDeviceId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Validation("sender_device_id", "The sending device has no published keys.");
        }

        var recipients = request.Messages.Select(m => m.UserId).Distinct().ToList();
        foreach (var recipient in recipients)
        {
            if (!await relationships.CanSeeAsync(caller, recipient, cancellationToken).ConfigureAwait(false))
            {
                throw Fail.NotFound("A recipient");
            }

            if (recipient != caller.UserId && await relationships.IsBlockedEitherWayAsync(caller.UserId, recipient, cancellationToken).ConfigureAwait(false))
            {
                throw Fail.Code(ErrorCodes.Blocked, 403, "A block exists between you and a recipient.");
            }
        }

        var devices = await db.Devices.AsNoTracking().Where(d => recipients.Contains(d.UserId))
            .Select(d => new { d.UserId, d.DeviceId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var known = devices.Select(d => (d.UserId, d.DeviceId)).ToHashSet();
        var now = clock.UtcNow;
        var rows = new List<ToDeviceRow>(request.Messages.Count);
        foreach (var message in request.Messages)
        {
            if (message.Payload.Length is 0 or > ChatalotLimits.ToDevicePayloadMaxBytes)
            {
                throw Fail.TooLarge($"A payload must be 1-{ChatalotLimits.ToDevicePayloadMaxBytes} bytes.");
            }

            if (!known.Contains((message.UserId, message.DeviceId)))
            {
                throw Fail.NotFound("A recipient device");
            }

            rows.Add(new ToDeviceRow
            {
                Id = clock.NewId(),
                RecipientUserId = message.UserId,
                RecipientDeviceId = message.DeviceId,
                SenderUserId = caller.UserId,
                SenderDeviceId = request.SenderDeviceId,
                Payload = message.Payload,
                CreatedAt = now,
            });
        }

        if (!request.Ephemeral)
        {
            db.ToDeviceMessages.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            await gateway.PublishToDeviceAsync(row.RecipientUserId, row.RecipientDeviceId, new ToDeviceEvent(ToDto(row) with { Ephemeral = request.Ephemeral }), cancellationToken).ConfigureAwait(false);
        }

        return new ToDeviceSendResult([.. rows.Select(r => r.Id)]);
    }

    public async Task<IReadOnlyList<ToDeviceMessage>> ListAsync(Guid userId, int deviceId, int? limit, CancellationToken cancellationToken)
    {
        var take = Check.PageSize(limit, ChatalotLimits.ToDeviceBatchMaxMessages);
        var rows = await db.ToDeviceMessages.AsNoTracking()
            .Where(m => m.RecipientUserId == userId && m.RecipientDeviceId == deviceId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToDto)];
    }

    public async Task<int> CountAsync(Guid userId, int deviceId, CancellationToken cancellationToken) =>
        await db.ToDeviceMessages.CountAsync(m => m.RecipientUserId == userId && m.RecipientDeviceId == deviceId, cancellationToken).ConfigureAwait(false);

    public async Task AckAsync(Guid userId, int deviceId, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count > ChatalotLimits.ToDeviceBatchMaxMessages)
        {
            throw Fail.Validation("message_ids", $"Acknowledge at most {ChatalotLimits.ToDeviceBatchMaxMessages} at once.");
        }

        var list = ids.ToList();
        await db.ToDeviceMessages.Where(m => m.RecipientUserId == userId && m.RecipientDeviceId == deviceId && list.Contains(m.Id))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ToDeviceMessage ToDto(ToDeviceRow r) => new(r.Id, r.SenderUserId, r.SenderDeviceId, r.RecipientDeviceId, r.Payload, r.CreatedAt);
}
