using Chatalot.Protocol;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Keys.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Devices.Internal;

/// <summary>
/// The device link relay (crypto.md §15.4): the server stores what each device posts and moves the link through its
/// states, one conditional update per step, so a step out of order (or a second copy of one) is a typed 409 and two
/// devices can never both respond. It sees only public keys and a sealed payload. Links live
/// <see cref="ChatalotLimits.DeviceLinkLifetimeMinutes"/> minutes; expired ones answer 404 and are purged on the next
/// create and by <see cref="Messages.Internal.MessagePurgeService"/>.
/// </summary>
internal sealed class DeviceLinkService(ChatalotDbContext db, Clock clock, IGatewayPublisher gateway)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(ChatalotLimits.DeviceLinkLifetimeMinutes);

    private const int Requested = (int)DeviceLinkState.Requested;
    private const int Responded = (int)DeviceLinkState.Responded;
    private const int Revealed = (int)DeviceLinkState.Revealed;
    private const int Approved = (int)DeviceLinkState.Approved;
    private const int Declined = (int)DeviceLinkState.Declined;

    public async Task<DeviceLink> CreateAsync(Caller caller, CreateDeviceLinkRequest request, CancellationToken cancellationToken)
    {
        Check.DeviceId(request.DeviceId);
        if (!PrekeySignatureVerifier.IsValidIdentityKey(request.IdentityKey))
        {
            throw Fail.Validation("identity_key", "Must be a 32-byte Ed25519 public key.");
        }

        Bytes(request.Commitment, "commitment", ChatalotLimits.DeviceLinkKeyBytes);
        var name = Check.OptionalText(request.DeviceName, "device_name", ChatalotLimits.DeviceNameMaxLength);
        if (name is not null)
        {
            Check.NoControl(name, "device_name", allowNewlines: false);
        }

        var now = clock.UtcNow;
        DeviceLinkRow row = null!;
        await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // Creates of one account take turns, so the pending count below is exact under concurrency.
            await db.LockUserAsync(caller.UserId, ct).ConfigureAwait(false);
            await db.DeviceLinks.Where(l => l.UserId == caller.UserId && l.ExpiresAt <= now).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            var pending = await db.DeviceLinks.AsNoTracking()
                .Where(l => l.UserId == caller.UserId && l.State != Approved && l.State != Declined)
                .Select(l => l.ExpiresAt).ToListAsync(ct).ConfigureAwait(false);
            if (pending.Count >= ChatalotLimits.DeviceLinksPendingMax)
            {
                // Retry when the oldest pending link expires (or decline one).
                throw Fail.RateLimited(pending.Min() - now);
            }

            row = new DeviceLinkRow
            {
                Id = clock.NewId(),
                UserId = caller.UserId,
                DeviceId = request.DeviceId,
                IdentityKey = request.IdentityKey,
                DeviceName = name,
                Commitment = request.Commitment,
                State = Requested,
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            };
            db.DeviceLinks.Add(row);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await PublishAsync(row, cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    /// <summary>The account's links still waiting for a step (not approved, declined or expired), oldest first.</summary>
    public async Task<IReadOnlyList<DeviceLink>> ListPendingAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var rows = await db.DeviceLinks.AsNoTracking()
            .Where(l => l.UserId == caller.UserId && l.ExpiresAt > now && l.State != Approved && l.State != Declined)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Id).Select(ToDto)];
    }

    public async Task<DeviceLink> GetAsync(Caller caller, Guid linkId, CancellationToken cancellationToken) =>
        ToDto(await FindAsync(caller, linkId, cancellationToken).ConfigureAwait(false));

    public Task<DeviceLink> RespondAsync(Caller caller, Guid linkId, RespondDeviceLinkRequest request, CancellationToken cancellationToken)
    {
        Check.DeviceId(request.DeviceId);
        Bytes(request.EphemeralKey, "ephemeral_key", ChatalotLimits.DeviceLinkKeyBytes);
        return StepAsync(caller, linkId, [Requested], Responded, s => s
            .SetProperty(l => l.ResponderDeviceId, request.DeviceId)
            .SetProperty(l => l.ResponderKey, request.EphemeralKey), cancellationToken);
    }

    public Task<DeviceLink> RevealAsync(Caller caller, Guid linkId, RevealDeviceLinkRequest request, CancellationToken cancellationToken)
    {
        Bytes(request.EphemeralKey, "ephemeral_key", ChatalotLimits.DeviceLinkKeyBytes);
        Bytes(request.KemKey, "kem_key", ChatalotLimits.DeviceLinkKemKeyBytes);
        return StepAsync(caller, linkId, [Responded], Revealed, s => s
            .SetProperty(l => l.EphemeralKey, request.EphemeralKey)
            .SetProperty(l => l.KemKey, request.KemKey), cancellationToken);
    }

    public Task<DeviceLink> ApproveAsync(Caller caller, Guid linkId, ApproveDeviceLinkRequest request, CancellationToken cancellationToken)
    {
        if (request.Sealed is not { Length: >= ChatalotLimits.DeviceLinkSealedMinBytes and <= ChatalotLimits.DeviceLinkSealedMaxBytes })
        {
            throw Fail.Validation("sealed", $"Must be {ChatalotLimits.DeviceLinkSealedMinBytes}-{ChatalotLimits.DeviceLinkSealedMaxBytes} bytes (the ML-KEM ciphertext, then the sealed payload).");
        }

        return StepAsync(caller, linkId, [Revealed], Approved, s => s.SetProperty(l => l.Sealed, request.Sealed), cancellationToken);
    }

    public Task<DeviceLink> DeclineAsync(Caller caller, Guid linkId, CancellationToken cancellationToken) =>
        StepAsync(caller, linkId, [Requested, Responded, Revealed], Declined, s => s, cancellationToken);

    public async Task DeleteAsync(Caller caller, Guid linkId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var row = await FindAsync(caller, linkId, cancellationToken).ConfigureAwait(false);
        var deleted = await db.DeviceLinks.Where(l => l.Id == linkId && l.UserId == caller.UserId && l.ExpiresAt > now)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw Fail.NotFound("The device link");
        }

        // A link withdrawn before it finished is over for the other device too: it is told so as a decline.
        if (row.State is not (Approved or Declined))
        {
            row.State = Declined;
            await PublishAsync(row, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves a link from one of <paramref name="from"/> to <paramref name="to"/> in one conditional update, so of two
    /// racing steps exactly one lands; the other finds the state moved on (409) or the link gone (404).
    /// </summary>
    private async Task<DeviceLink> StepAsync(
        Caller caller,
        Guid linkId,
        int[] from,
        int to,
        Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<DeviceLinkRow>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<DeviceLinkRow>> set,
        CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var moved = await db.DeviceLinks
            .Where(l => l.Id == linkId && l.UserId == caller.UserId && l.ExpiresAt > now && from.Contains(l.State))
            .ExecuteUpdateAsync(s => set(s.SetProperty(l => l.State, to)), cancellationToken).ConfigureAwait(false);
        var row = await FindAsync(caller, linkId, cancellationToken).ConfigureAwait(false);
        if (moved == 0)
        {
            throw Fail.Code(ErrorCodes.DeviceLinkState, 409, $"The link is {Name(row.State)}; this step needs it {string.Join(" or ", from.Select(Name))}.");
        }

        await PublishAsync(row, cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    private async Task<DeviceLinkRow> FindAsync(Caller caller, Guid linkId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        return await db.DeviceLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == caller.UserId && l.ExpiresAt > now, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The device link");
    }

    private ValueTask PublishAsync(DeviceLinkRow row, CancellationToken cancellationToken) =>
        gateway.PublishToUsersAsync([row.UserId], new DeviceLinkUpdatedEvent(row.Id, row.DeviceId, (DeviceLinkState)row.State), cancellationToken);

    private static void Bytes(byte[]? value, string field, int length)
    {
        if (value is null || value.Length != length)
        {
            throw Fail.Validation(field, $"Must be {length} bytes.");
        }
    }

    private static string Name(int state) => ((DeviceLinkState)state).ToString().ToLowerInvariant();

    private static DeviceLink ToDto(DeviceLinkRow r) => new(
        r.Id, r.DeviceId, r.IdentityKey, r.DeviceName, r.Commitment, (DeviceLinkState)r.State,
        r.ResponderDeviceId, r.ResponderKey, r.EphemeralKey, r.KemKey, r.Sealed, r.CreatedAt, r.ExpiresAt);
}
