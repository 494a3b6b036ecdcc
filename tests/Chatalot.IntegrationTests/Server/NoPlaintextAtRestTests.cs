using System.Net;
using System.Security.Cryptography;
using System.Text;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.ToDevice;
using Chatalot.Server.Hosting;
using Npgsql;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// Holds a conversation whose every body is encrypted client-side (AES-GCM standing in for the real protocol) and
/// then scans the whole database for the plaintext: the server must have stored only ciphertext.
/// </summary>
public class NoPlaintextAtRestTests
{
    private const string Marker = "PLAINTEXT-CANARY-7f3a9c";

    [Theory]
    [InlineData(ChatalotDatabaseProvider.Sqlite)]
    [InlineData(ChatalotDatabaseProvider.PostgreSql)]
    public async Task Conversation_LeavesNoPlaintextInTheDatabase(ChatalotDatabaseProvider provider)
    {
        await using var server = await ChatalotTestServer.StartAsync(provider);
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Admin);
        var key = RandomNumberGenerator.GetBytes(32);

        var channelPath = $"/channels/{s.General.Id}/messages";
        var first = await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, channelPath,
            new SendMessageRequest("c1", 1, new MessageEnvelope(Ciphertext: Encrypt(key, Marker + " hello group"))) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
        (await api.SendAsync(HttpMethod.Patch, $"{channelPath}/{first.Id}",
            new EditMessageRequest(new MessageEnvelope(Ciphertext: Encrypt(key, Marker + " edited"))) { FrankCommitment = new byte[32] }, s.Member.AccessToken)).EnsureSuccessStatusCode();

        // Issue 12's tables and columns: a thread reply (messages.thread_root_id), a pin (channel_pins) and a read
        // cursor (read_states) hold ids and times only.
        var reply = await api.ExpectAsync<Message>(await api.SendAsync(HttpMethod.Post, channelPath,
            new SendMessageRequest("c2", 1, new MessageEnvelope(Ciphertext: Encrypt(key, Marker + " in a thread")), ThreadRootId: first.Id) { FrankCommitment = new byte[32] }, s.Member.AccessToken), HttpStatusCode.Created);
        (await api.SendAsync(HttpMethod.Put, $"/channels/{s.General.Id}/pins/{first.Id}", s.Admin.AccessToken)).EnsureSuccessStatusCode();
        (await api.SendAsync(HttpMethod.Put, $"/channels/{s.General.Id}/read-state", new UpdateReadStateRequest(reply.Id), s.Member.AccessToken)).EnsureSuccessStatusCode();

        var dm = await api.ExpectAsync<Channel>(await api.SendAsync(HttpMethod.Post, "/dms", new CreateDmRequest(s.Admin.User.Id), s.Member.AccessToken));
        (await api.SendAsync(HttpMethod.Post, $"/channels/{dm.Id}/messages", new SendMessageRequest("d1", 1, new MessageEnvelope(Devices:
        [
            new DeviceCiphertext(s.Admin.User.Id, 1, Encrypt(key, Marker + " hi admin")),
            new DeviceCiphertext(s.Member.User.Id, 1, Encrypt(key, Marker + " note to self")),
        ])) { FrankCommitment = new byte[32] }, s.Member.AccessToken)).EnsureSuccessStatusCode();
        (await api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(s.Admin.User.Id, 1, Encrypt(key, Marker + " sender key"))]), s.Member.AccessToken)).EnsureSuccessStatusCode();

        var dump = provider == ChatalotDatabaseProvider.Sqlite ? ReadSqliteFiles(server.DataDirectory) : await DumpPostgresAsync(server.Postgres!.ConnectionString);
        Assert.True(dump.Length > 1000, "The dump should hold the conversation.");
        Assert.DoesNotContain(Marker, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(Marker)), dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Marker))[..16], dump, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChatalotDatabaseProvider.Sqlite, ChatalotAttachmentStore.FileSystem)]
    [InlineData(ChatalotDatabaseProvider.PostgreSql, ChatalotAttachmentStore.FileSystem)]
    [InlineData(ChatalotDatabaseProvider.PostgreSql, ChatalotAttachmentStore.PostgreSql)]
    public async Task EncryptedUpload_LeavesNoPlaintextInTheDatabaseOrTheDataDirectory(ChatalotDatabaseProvider provider, ChatalotAttachmentStore store)
    {
        await using var server = await ChatalotTestServer.StartAsync(provider, o => o with { Attachments = o.Attachments with { Store = store } });
        using var api = server.CreateApi();
        var s = await CommunityScenario.CreateAsync(api);
        await MessageConformanceTests.PublishDeviceAsync(api, s.Member);

        // A recognisable file, encrypted as a client does (crypto.md §8), uploaded in two chunks and sent.
        var plaintext = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Marker + " file body ", 20_000)));
        using var ciphertextStream = new MemoryStream();
        var secrets = await new Chatalot.Crypto.AttachmentCipher().EncryptAsync(new MemoryStream(plaintext), ciphertextStream);
        var ciphertext = ciphertextStream.ToArray();
        var upload = await UploadApi.CreateAsync(api, s.Member.AccessToken, ciphertext.Length, s.General.Id);
        (await UploadApi.PatchAsync(api, s.Member.AccessToken, upload.Id, 0, ciphertext[..100_000], checksum: true)).EnsureSuccessStatusCode();
        (await UploadApi.PatchAsync(api, s.Member.AccessToken, upload.Id, 100_000, ciphertext[100_000..])).EnsureSuccessStatusCode();
        Assert.True((await UploadApi.CompleteAsync(api, s.Member.AccessToken, upload.Id, ciphertext)).Completed);
        Assert.Equal(secrets.Digest.ToArray(), SHA256.HashData(ciphertext));
        (await api.SendAsync(HttpMethod.Post, $"/channels/{s.General.Id}/messages",
            new SendMessageRequest("f1", 1, new MessageEnvelope(Ciphertext: RandomNumberGenerator.GetBytes(64)), AttachmentIds: [upload.Id]) { FrankCommitment = new byte[32] }, s.Member.AccessToken)).EnsureSuccessStatusCode();

        var files = ReadAllFiles(server.DataDirectory);
        var dump = provider == ChatalotDatabaseProvider.Sqlite ? files : files + await DumpPostgresAsync(server.Postgres!.ConnectionString);
        Assert.True(dump.Length > ciphertext.Length, "The dump should hold the ciphertext.");
        Assert.DoesNotContain(Marker, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(Marker)), dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Marker))[..16], dump, StringComparison.Ordinal);
    }

    /// <summary>Every file under the data directory, attachments included, as text.</summary>
    private static string ReadAllFiles(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }

        return text.ToString();
    }

    private static byte[] Encrypt(byte[] key, string text)
    {
        var plaintext = Encoding.UTF8.GetBytes(text);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[12 + plaintext.Length + 16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length));
        nonce.CopyTo(output, 0);
        return output;
    }

    private static string ReadSqliteFiles(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(dataDirectory, "chatalot.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            text.Append(Encoding.Latin1.GetString(bytes)).Append(Encoding.Unicode.GetString(bytes));
        }

        return text.ToString();
    }

    private static async Task<string> DumpPostgresAsync(string connectionString)
    {
        var text = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t", connection);
            text.Append(await dump.ExecuteScalarAsync());
        }

        return text.ToString();
    }
}
