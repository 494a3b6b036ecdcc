using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Audit;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Chatalot.IntegrationTests.Server;

/// <summary>
/// A secret that works once (a TOTP code, a backup code, a recovery code) sent eight times at once: exactly one request
/// wins, the others get the refusal a later request would, and the account ends as after the one winner. Each test
/// uses a fresh account and first lets the lockout window pass, so the losers' refusals never lock out the next test.
/// </summary>
public abstract class SingleUseSecretRaceTests(SecurityServerFixture fixture)
{
    private const int Copies = 8;
    private const string Password = "correct horse battery";

    private ChatalotApi Api => fixture.Api;

    private FakeTimeProvider Time => fixture.Time;

    [Fact]
    public async Task TwoFactorLogin_OneTotpCodeEightTimesAtOnce_SignsInOnce()
    {
        var (name, user, secret, _) = await TwoFactorUserAsync();
        var challenges = await ChallengesAsync(name);
        Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);

        var answers = await RaceAsync(i => Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenges[i], code)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode));
        Assert.Equal(2, (await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", user.AccessToken)).Count); // registration's + the winner's
    }

    [Fact]
    public async Task TwoFactorLogin_OneBackupCodeEightTimesAtOnce_SignsInOnce()
    {
        var (name, user, _, backup) = await TwoFactorUserAsync();
        var challenges = await ChallengesAsync(name);

        var answers = await RaceAsync(i => Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest(challenges[i], BackupCode: backup[0])));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode));
        Assert.Equal(9, (await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken)).BackupCodesRemaining);
        Assert.Equal(2, (await Api.GetAsync<IReadOnlyList<SessionInfo>>("/users/me/sessions", user.AccessToken)).Count);
    }

    [Fact]
    public async Task Enable_OneCodeEightTimesAtOnce_TurnsOnOnce_AndTheWinnersBackupCodesAreTheOnesKept()
    {
        var (name, user) = await NewUserAsync();
        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        var code = Code(setup.Secret);

        var answers = await RaceAsync(_ => Api.SendAsync(HttpMethod.Post, "/users/me/2fa/enable", new TwoFactorCodeRequest(code), user.AccessToken));

        // Before enable claimed the pending seed with a conditional update, every copy turned it on and handed out its
        // own backup codes, of which only the last written worked: the code was accepted eight times.
        var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Conflict, ErrorCodes.TwoFactorState));
        var codes = ChatalotJson.Deserialize<BackupCodes>(System.Text.Encoding.UTF8.GetBytes(won.Body)).Codes;
        Assert.Equal(new AccountSecurity(true, 10, true), await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken));
        (await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest((await ChallengesAsync(name, 1))[0], BackupCode: codes[0]))).EnsureSuccessStatusCode();
        var owner = await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(fixture.Owner.User.Username, Password), null);
        var log = await Api.GetAsync<IReadOnlyList<AuditLogEntry>>($"/admin/audit-log?target_user_id={user.User.Id}", owner.AccessToken);
        Assert.Equal([AuditAction.TwoFactorEnabled], log.Select(e => e.Action));
    }

    [Fact]
    public async Task Disable_OneCodeEightTimesAtOnce_TurnsOffOnce()
    {
        var (_, user, secret, _) = await TwoFactorUserAsync();
        Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);

        var answers = await RaceAsync(_ => Api.SendAsync(HttpMethod.Post, "/users/me/2fa/disable", new TwoFactorDisableRequest(Password, code), user.AccessToken));

        // A loser that read the row before the winner committed finds the code spent; one that read it after finds
        // two-factor sign-in off already.
        Assert.Single(answers, a => a.Status == HttpStatusCode.NoContent);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.NoContent), a => Assert.True(
            IsProblem(a, HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode) || IsProblem(a, HttpStatusCode.Conflict, ErrorCodes.TwoFactorState), a.Body));
        Assert.Equal(new AccountSecurity(false, 0, true), await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken));
    }

    [Fact]
    public async Task BackupCodes_RegeneratedEightTimesWithOneCode_OneWins_AndItsCodesAreTheOnesKept()
    {
        var (name, user, secret, _) = await TwoFactorUserAsync();
        Time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret);

        var answers = await RaceAsync(_ => Api.SendAsync(HttpMethod.Post, "/users/me/2fa/backup-codes", new TwoFactorCodeRequest(code), user.AccessToken));

        var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Forbidden, ErrorCodes.InvalidTwoFactorCode));
        var codes = ChatalotJson.Deserialize<BackupCodes>(System.Text.Encoding.UTF8.GetBytes(won.Body)).Codes;
        Assert.Equal(10, (await Api.GetAsync<AccountSecurity>("/users/me/security", user.AccessToken)).BackupCodesRemaining);
        (await Api.SendAsync(HttpMethod.Post, "/auth/login/2fa", new TwoFactorLoginRequest((await ChallengesAsync(name, 1))[0], BackupCode: codes[9]))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Recover_OneRecoveryCodeEightTimesAtOnce_ResetsThePasswordOnce()
    {
        var (name, user) = await NewUserAsync();

        var answers = await RaceAsync(i => Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, user.RecoveryCode!, "new password " + i)));

        // Before the code was spent by a conditional update, all eight reset the password (each to its own) and each
        // answered a fresh recovery code, of which only the last written worked.
        var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.Unauthorized, ErrorCodes.InvalidRecoveryCode));
        var winner = Array.IndexOf(answers, won);
        var next = ChatalotJson.Deserialize<RecoveryCode>(System.Text.Encoding.UTF8.GetBytes(won.Body)).Code;
        await Api.PostAsync<LoginRequest, AuthResponse>("/auth/login", new LoginRequest(name, "new password " + winner), null);
        await Api.PostAsync<RecoverAccountRequest, RecoveryCode>("/auth/recover", new RecoverAccountRequest(name, next, "one more password"), null);
    }

    [Fact]
    public async Task RecoveryCode_RegeneratedEightTimesAtOnce_ExactlyOneAnsweredCodeWorks()
    {
        var (name, user) = await NewUserAsync();

        var answers = await RaceAsync(_ => Api.SendAsync(HttpMethod.Post, "/users/me/recovery-code", new PasswordConfirmation(Password), user.AccessToken));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var codes = answers.Select(a => ChatalotJson.Deserialize<RecoveryCode>(System.Text.Encoding.UTF8.GetBytes(a.Body)).Code).ToList();
        Assert.Equal(Copies, codes.Distinct().Count());
        var worked = 0;
        foreach (var code in codes.Prepend(user.RecoveryCode!))
        {
            var response = await Api.SendAsync(HttpMethod.Post, "/auth/recover", new RecoverAccountRequest(name, code, "a new password"));
            worked += response.IsSuccessStatusCode ? 1 : 0;
            Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
            if (worked == 1)
            {
                break; // a successful recovery replaces the code, so the rest would fail for that reason alone
            }
        }

        Assert.Equal(1, worked);
    }

    private async Task<(HttpStatusCode Status, string Body)[]> RaceAsync(Func<int, Task<HttpResponseMessage>> send) =>
        await Task.WhenAll(Enumerable.Range(0, Copies).Select(async i =>
        {
            using var response = await send(i);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

    private static bool IsProblem((HttpStatusCode Status, string Body) answer, HttpStatusCode status, string code) =>
        answer.Status == status && answer.Body.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal);

    private static void AssertProblem((HttpStatusCode Status, string Body) answer, HttpStatusCode status, string code) =>
        Assert.True(IsProblem(answer, status, code), $"Expected {(int)status} {code}, got {(int)answer.Status}: {answer.Body}");

    private string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Time.GetUtcNow().UtcDateTime);

    private async Task<(string Name, AuthResponse User)> NewUserAsync()
    {
        // The losers' refusals count as failed guesses from this address: start each race with the window passed.
        Time.Advance(fixture.Server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Chatalot.Server.Hosting.ChatalotServerOptions>>().Value.Auth.LockoutDuration + TimeSpan.FromSeconds(1));
        var name = ChatalotApi.NewName();
        return (name, await Api.RegisterAsync(name));
    }

    private async Task<(string Name, AuthResponse User, string Secret, IReadOnlyList<string> BackupCodes)> TwoFactorUserAsync()
    {
        var (name, user) = await NewUserAsync();
        var setup = await Api.PostAsync<TwoFactorSetupRequest, TwoFactorSetup>("/users/me/2fa/setup", new TwoFactorSetupRequest(Password), user.AccessToken);
        var backup = await Api.PostAsync<TwoFactorCodeRequest, BackupCodes>("/users/me/2fa/enable", new TwoFactorCodeRequest(Code(setup.Secret)), user.AccessToken);
        return (name, user, setup.Secret, backup.Codes);
    }

    /// <summary>Fresh two-factor challenges for the account, one per racing request.</summary>
    private async Task<string[]> ChallengesAsync(string name, int count = Copies)
    {
        var challenges = new string[count];
        for (var i = 0; i < count; i++)
        {
            var problem = await ChatalotApi.ProblemAsync(await Api.SendAsync(HttpMethod.Post, "/auth/login", new LoginRequest(name, Password)), HttpStatusCode.Unauthorized, ErrorCodes.TwoFactorRequired);
            challenges[i] = problem.Challenge!;
        }

        return challenges;
    }
}

public sealed class SingleUseSecretRaceSqliteTests(SecuritySqliteFixture fixture) : SingleUseSecretRaceTests(fixture), IClassFixture<SecuritySqliteFixture>;

public sealed class SingleUseSecretRacePostgresTests(SecurityPostgresFixture fixture) : SingleUseSecretRaceTests(fixture), IClassFixture<SecurityPostgresFixture>;
