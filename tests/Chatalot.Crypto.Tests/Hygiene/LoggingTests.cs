using Chatalot.Crypto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Chatalot.Crypto.Tests.Hygiene;

public class LoggingTests
{
    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }

    [Fact]
    public async Task LogLines_DescribeEvents_AndNeverContainKeys()
    {
        var alice = new Device("alice", 1, Providers.Sodium);
        var bob = new Device("bob", 1, Providers.Sodium);
        var builderLog = new CapturingLogger<SessionBuilder>();
        var cipherLog = new CapturingLogger<SessionCipher>();
        await new SessionBuilder(alice.Store, bob.Address, alice.Provider, builderLog).ProcessPreKeyBundleAsync(await bob.PublishBundleAsync());
        var message = await alice.CipherFor(bob).EncryptAsync(new byte[] { 42 });
        using var bobCipher = new SessionCipher(bob.Store, alice.Address, bob.Provider, cipherLog);
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bobCipher.DecryptAsync(message[..^2]));
        await bobCipher.DecryptAsync(message);

        var lines = builderLog.Lines.Concat(cipherLog.Lines).ToList();
        Assert.Contains(lines, l => l.Contains("initiator", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("responder", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(nameof(CryptoErrorCode.InvalidMessage), StringComparison.Ordinal));

        var secrets = new[]
        {
            Convert.ToHexString(alice.Identity.ExportPrivateKey(), 1, 8),
            Convert.ToHexString(bob.Identity.ExportPrivateKey(), 1, 8),
            Convert.ToHexString((await bob.Store.LoadSessionAsync(alice.Address))!.Serialize(), 2, 8),
            Convert.ToHexString(message, 100, 8),
        };
        foreach (var line in lines)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, line, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
