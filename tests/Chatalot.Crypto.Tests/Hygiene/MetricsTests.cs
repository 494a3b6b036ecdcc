using System.Diagnostics.Metrics;
using Chatalot.Crypto.Tests.Support;

namespace Chatalot.Crypto.Tests.Hygiene;

public class MetricsTests
{
    [Fact]
    public async Task Rejections_AreCountedByCode_WithoutAddressesInTags()
    {
        var measurements = new List<(string Name, long Value, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Chatalot.Crypto")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray()));
            }
        });
        listener.Start();

        var alice = new Device("alice-metrics", 1, Providers.Sodium);
        var bob = new Device("bob-metrics", 1, Providers.Sodium);
        var cipher = await alice.StartSessionAsync(bob);
        var message = await cipher.EncryptAsync(new byte[] { 1 });
        await Assert.ThrowsAsync<InvalidMessageException>(async () => await bob.CipherFor(alice).DecryptAsync(message[..^1]));
        await bob.CipherFor(alice).DecryptAsync(message);

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "chatalot.crypto.messages.rejected"
                && m.Tags.Any(t => t.Key == "code" && (string?)t.Value == nameof(CryptoErrorCode.InvalidMessage)));
            Assert.Contains(measurements, m => m.Name == "chatalot.crypto.messages.decrypted");
            Assert.Contains(measurements, m => m.Name == "chatalot.crypto.sessions.started");
            Assert.DoesNotContain(measurements, m => m.Tags.Any(t => t.Value?.ToString()?.Contains("metrics", StringComparison.Ordinal) == true));
        }
    }
}
