using Chatalot.Client.Conversations.Internal;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Client.Tests.Storage;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Tests.Conversations;

/// <summary>
/// The persisted catch-up cursor: the ids handled within the overlap before it are kept with it, so a restarted
/// process re-reading the overlap surfaces none of them again, and a record of the earlier format still reads.
/// </summary>
public sealed class CatchUpCursorTests
{
    private static readonly UserId Alice = new(Guid.Parse("0f3c2a3e-7d4b-4a51-9a55-3f1b3a4d5e60"));
    private static readonly Guid Channel = Guid.NewGuid();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static ChatalotClientOptions Options(DictionaryDeviceStore store) =>
        new() { ServerUrl = new Uri("http://127.0.0.1:5080/"), DeviceStore = store };

    private static Task<DateTimeOffset?> NoJoinTime(Protocol.Channels.Channel channel, CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    private static WireMessage At(TimeSpan offset) =>
        new(Guid.CreateVersion7(Now + offset), Channel, Alice.Value, 1, null, Now + offset, Guid.NewGuid().ToString("N"));

    [Fact]
    public void TimeOf_ReadsTheMillisecondsOfAUuidV7()
    {
        Assert.Equal(Now, CatchUpCursor.TimeOf(Guid.CreateVersion7(Now)));
    }

    [Fact]
    public void Deserialize_CursorOnlyRecordOfTheEarlierFormat_ReadsWithNothingRemembered()
    {
        var id = Guid.CreateVersion7(Now);
        var cursor = CatchUpCursor.Deserialize(id.ToByteArray());
        Assert.NotNull(cursor);
        Assert.Equal(id, cursor.Newest);
        Assert.Empty(cursor.Handled);
    }

    [Fact]
    public void Serialize_RoundTrips_AndACutRecordIsNotOne()
    {
        var cursor = new CatchUpCursor(Guid.CreateVersion7(Now), [Guid.CreateVersion7(Now.AddSeconds(-2)), Guid.CreateVersion7(Now.AddSeconds(-1))]);
        var bytes = cursor.Serialize();
        var read = CatchUpCursor.Deserialize(bytes);
        Assert.NotNull(read);
        Assert.Equal(cursor.Newest, read.Newest);
        Assert.Equal(cursor.Handled, read.Handled);
        Assert.Null(CatchUpCursor.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Null(CatchUpCursor.Deserialize([]));
    }

    [Fact]
    public async Task Commit_RemembersWhatWasHandledWithinTheOverlap_ARestartedSyncSkipsIt_AndTakesWhatItNeverHandled()
    {
        var store = new DictionaryDeviceStore();
        var old = At(-CatchUpCursor.Overlap - TimeSpan.FromSeconds(5));
        var inside = At(TimeSpan.FromSeconds(-10));
        var newest = At(TimeSpan.Zero);
        var lateWithALowerId = At(TimeSpan.FromSeconds(-5));
        await using (var state = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None))
        {
            using var rest = ChatalotRestClient.Create(Options(store));
            using var sync = new ConversationSync(state, rest, (_, _) => Task.FromResult(false), NoJoinTime, TimeProvider.System);
            foreach (var message in new[] { old, inside, newest })
            {
                Assert.True(sync.TryBegin(message, out _));
                await sync.CommitAsync(Channel, CancellationToken.None);
            }
        }

        await using var reopened = await DeviceState.OpenAsync(Options(store), Alice, CancellationToken.None);
        using var restRestarted = ChatalotRestClient.Create(Options(store));
        using var restarted = new ConversationSync(reopened, restRestarted, (_, _) => Task.FromResult(false), NoJoinTime, TimeProvider.System);
        var cursor = await restarted.RestoreAsync(Channel, CancellationToken.None);

        Assert.NotNull(cursor);
        Assert.Equal(newest.Id, cursor.Newest);
        Assert.Equal([inside.Id, newest.Id], cursor.Handled);
        Assert.False(restarted.TryBegin(inside, out _));
        Assert.False(restarted.TryBegin(newest, out _));

        // A message of the overlap never handled (it committed late) is taken, and does not move the cursor back.
        Assert.True(restarted.TryBegin(lateWithALowerId, out var isNewest));
        Assert.False(isNewest);
        await restarted.CommitAsync(Channel, CancellationToken.None);
        var again = await restarted.RestoreAsync(Channel, CancellationToken.None);
        Assert.Equal(newest.Id, again!.Newest);
        Assert.Equal([inside.Id, newest.Id, lateWithALowerId.Id], again.Handled);
    }
}
