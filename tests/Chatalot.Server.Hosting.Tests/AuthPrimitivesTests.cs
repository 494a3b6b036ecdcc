using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Chatalot.Server.Hosting.Tests;

public class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(TestOptions.Create());

    [Fact]
    public void Hash_IsPhcArgon2id_AndVerifiesOnlyTheSamePassword()
    {
        var hash = _hasher.Hash("correct horse battery");
        Assert.StartsWith("$argon2id$v=19$m=8192,t=1,p=1$", hash, StringComparison.Ordinal);
        Assert.True(_hasher.Verify("correct horse battery", hash));
        Assert.False(_hasher.Verify("correct horse batterY", hash));
        Assert.NotEqual(hash, _hasher.Hash("correct horse battery"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("$argon2i$v=19$m=8192,t=1,p=1$AAAA$AAAA")]
    [InlineData("$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")]
    public void Verify_MissingOrMalformedHash_IsFalse(string? hash)
    {
        Assert.False(_hasher.Verify("whatever password", hash));
    }

    [Fact]
    public void Verify_HashMadeWithOtherParameters_StillWorks()
    {
        var stronger = new PasswordHasher(TestOptions.Create(o => o with { Auth = o.Auth with { Argon2MemoryKib = 16384, Argon2Iterations = 2 } }));
        Assert.True(_hasher.Verify("long enough pw", stronger.Hash("long enough pw")));
    }
}

public class AccessTokenServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Issue_ThenValidate_RoundTripsUserAndSession_UntilExpiry()
    {
        var options = TestOptions.Create();
        var tokens = new AccessTokenService(options, new Clock(_time));
        var user = Guid.CreateVersion7();
        var session = Guid.CreateVersion7();
        var (token, expires) = tokens.Issue(user, session);
        Assert.Equal(_time.GetUtcNow() + options.Value.Auth.AccessTokenLifetime, expires);

        Assert.Equal((user, session, false), tokens.Validate(token));
        _time.Advance(options.Value.Auth.AccessTokenLifetime);
        Assert.Equal((user, session, true), tokens.Validate(token));
    }

    [Fact]
    public void Validate_TamperedOrForeignTokens_AreRejected()
    {
        var tokens = new AccessTokenService(TestOptions.Create(), new Clock(_time));
        var other = new AccessTokenService(TestOptions.Create(), new Clock(_time));
        var (token, _) = tokens.Issue(Guid.NewGuid(), Guid.NewGuid());

        Assert.Null(other.Validate(token));
        // Flip a character in the middle of the signature: the last base64url character may carry only padding bits.
        var mid = token.Length - 10;
        Assert.Null(tokens.Validate(token[..mid] + (token[mid] == 'A' ? 'B' : 'A') + token[(mid + 1)..]));
        // A different version byte ("AA" decodes to 0x00; a real token starts 0x01, so "AQ" could equal the original).
        Assert.Null(tokens.Validate("AA" + token[2..]));
        Assert.Null(tokens.Validate(token.Replace('.', '-')));
        Assert.Null(tokens.Validate(""));
        Assert.Null(tokens.Validate(null));
        Assert.Null(tokens.Validate(new string('a', 500)));
    }

    [Fact]
    public void SigningKey_IsPersistedUnderTheDataFolder_AndReused()
    {
        var options = TestOptions.Create();
        var first = new AccessTokenService(options, new Clock(_time));
        var (token, _) = first.Issue(Guid.NewGuid(), Guid.NewGuid());
        var restarted = new AccessTokenService(options, new Clock(_time));
        Assert.NotNull(restarted.Validate(token));
        Assert.True(File.Exists(Path.Combine(options.Value.DataDirectory, "token-signing.key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(options.Value.DataDirectory, "token-signing.key")));
        }
    }
}

public class PasswordGuessThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    private static async Task FailAsync(PasswordGuessThrottle throttle, string name, string address)
    {
        var guess = await throttle.BeginLoginAsync(name, address);
        await guess.FailedAsync();
    }

    private static async Task<bool> LockedAsync(Func<ValueTask<PasswordGuessThrottle.Guess>> attempt)
    {
        try
        {
            await (await attempt()).DisposeAsync();
            return false;
        }
        catch (ChatalotServerException ex) when (ex.Code == ErrorCodes.AccountLocked)
        {
            Assert.True(ex.RetryAfter > TimeSpan.Zero);
            return true;
        }
    }

    [Fact]
    public async Task Failures_LockTheNameFromThatAddressOnly_AndTheLockExpires()
    {
        var options = TestOptions.Create();
        var throttle = new PasswordGuessThrottle(options, new Clock(_time));
        for (var i = 0; i < options.Value.Auth.LockoutThreshold; i++)
        {
            await FailAsync(throttle, "ALICE", "10.0.0.1");
        }

        Assert.True(await LockedAsync(() => throttle.BeginLoginAsync("ALICE", "10.0.0.1")));
        // Someone else failing against alice from elsewhere cannot lock alice out of her own address.
        Assert.False(await LockedAsync(() => throttle.BeginLoginAsync("ALICE", "10.0.0.2")));
        _time.Advance(options.Value.Auth.LockoutDuration + TimeSpan.FromSeconds(1));
        Assert.False(await LockedAsync(() => throttle.BeginLoginAsync("ALICE", "10.0.0.1")));
    }

    [Fact]
    public async Task SprayingManyNames_LocksTheAddress()
    {
        var options = TestOptions.Create();
        var throttle = new PasswordGuessThrottle(options, new Clock(_time));
        for (var i = 0; i < options.Value.Auth.AddressLockoutThreshold; i++)
        {
            await FailAsync(throttle, "USER" + i, "10.0.0.9");
        }

        Assert.True(await LockedAsync(() => throttle.BeginLoginAsync("SOMEONE", "10.0.0.9")));
    }

    [Fact]
    public async Task GuessesInFlight_TakeSlots_SoParallelAttemptsNeverExceedTheThreshold()
    {
        var options = TestOptions.Create();
        var throttle = new PasswordGuessThrottle(options, new Clock(_time));
        var held = new List<PasswordGuessThrottle.Guess>();
        for (var i = 0; i < options.Value.Auth.LockoutThreshold; i++)
        {
            held.Add(await throttle.BeginLoginAsync("BOB", "10.0.0.3"));
        }

        Assert.True(await LockedAsync(() => throttle.BeginLoginAsync("BOB", "10.0.0.3")));

        // An attempt that ends without a verdict (an exception) gives its slot back uncounted.
        await held[0].DisposeAsync();
        await (await throttle.BeginLoginAsync("BOB", "10.0.0.3")).DisposeAsync();
        foreach (var guess in held.Skip(1))
        {
            await guess.FailedAsync();
        }

        await FailAsync(throttle, "BOB", "10.0.0.3");
        Assert.True(await LockedAsync(() => throttle.BeginLoginAsync("BOB", "10.0.0.3")));
    }

    [Fact]
    public async Task RightPassword_ClearsTheNamesFailures()
    {
        var options = TestOptions.Create();
        var throttle = new PasswordGuessThrottle(options, new Clock(_time));
        for (var i = 0; i < options.Value.Auth.LockoutThreshold - 1; i++)
        {
            await FailAsync(throttle, "CAROL", "10.0.0.4");
        }

        await (await throttle.BeginLoginAsync("CAROL", "10.0.0.4")).SucceededAsync();

        for (var i = 0; i < options.Value.Auth.LockoutThreshold - 1; i++)
        {
            await FailAsync(throttle, "CAROL", "10.0.0.4");
        }

        Assert.False(await LockedAsync(() => throttle.BeginLoginAsync("CAROL", "10.0.0.4")));
    }

    [Fact]
    public async Task PasswordChecks_CountPerAccount_ApartFromLogins()
    {
        var options = TestOptions.Create();
        var throttle = new PasswordGuessThrottle(options, new Clock(_time));
        var user = Guid.NewGuid();
        for (var i = 0; i < options.Value.Auth.LockoutThreshold; i++)
        {
            var guess = await throttle.BeginPasswordCheckAsync(user, "10.0.0.5");
            await guess.FailedAsync();
        }

        Assert.True(await LockedAsync(() => throttle.BeginPasswordCheckAsync(user, "10.0.0.5")));
        Assert.False(await LockedAsync(() => throttle.BeginPasswordCheckAsync(Guid.NewGuid(), "10.0.0.5")));
    }
}
