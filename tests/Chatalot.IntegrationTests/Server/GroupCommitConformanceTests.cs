using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Messages;

namespace Chatalot.IntegrationTests.Server;

/// <summary>The group-committed insert (MessageWriter) under concurrency, on every storage provider.</summary>
public abstract class GroupCommitConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    [Fact]
    public async Task ConcurrentSends_WithRetriesMixedIn_StoreEachKeyOnce_AndAnswerRetriesWithTheStoredMessage()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Member);
        await MessageConformanceTests.PublishDeviceAsync(Api, s.Moderator);
        var path = $"/channels/{s.General.Id}/messages";

        // 150 distinct keys from two senders, each sent twice at once: batches of many sizes, with duplicates inside
        // one batch and across batches.
        var sends = Enumerable.Range(0, 150)
            .SelectMany(i => new[] { (i, s.Member), (i, s.Member), (i, s.Moderator) })
            .Select(async x =>
            {
                var response = await Api.SendAsync(HttpMethod.Post, path, MessageConformanceTests.Channel($"k{x.i}", [(byte)x.i]), x.Item2.AccessToken);
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}");
                return (x.i, Sender: x.Item2.User.Id, Created: response.StatusCode == HttpStatusCode.Created, Message: await Api.ExpectAsync<Message>(response, response.StatusCode));
            });
        var results = await Task.WhenAll(sends);

        foreach (var group in results.GroupBy(r => (r.i, r.Sender)))
        {
            Assert.Single(group.Select(r => r.Message.Id).Distinct());
            Assert.Equal(new byte[] { (byte)group.Key.i }, group.First().Message.Envelope!.Ciphertext);
        }

        Assert.Equal(300, results.Count(r => r.Created));
        var stored = new List<Message>();
        Guid? before = null;
        while (true)
        {
            var page = await Api.GetAsync<MessageList>(before is { } b ? $"{path}?limit=100&before={b}" : $"{path}?limit=100", s.Member.AccessToken);
            stored.InsertRange(0, page.Messages);
            if (!page.HasOlder)
            {
                break;
            }

            before = page.Messages[0].Id;
        }

        Assert.Equal(300, stored.Count);
        Assert.Equal(300, stored.Select(m => (m.SenderId, m.IdempotencyKey)).Distinct().Count());
    }
}

public sealed class GroupCommitSqliteTests(SqliteServerFixture fixture) : GroupCommitConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class GroupCommitPostgresTests(PostgresServerFixture fixture) : GroupCommitConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
