using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Chatalot.BrowserTests.Infrastructure;

/// <summary>
/// A web site on loopback over <c>https</c> (link previews are for https links only, content.md §3.6) with one article
/// page carrying Open Graph tags and a real image, for the shared sample server's link-preview fetch. Its self-signed
/// certificate is written to <see cref="CertificateFile"/>, which the sample server trusts through <c>SSL_CERT_FILE</c>
/// (OpenSSL's trust-store override, which .NET honours on Linux): nothing is installed on the machine. A minimal
/// HTTP/1.1 responder over <see cref="SslStream"/> keeps the browser tests free of an ASP.NET Core reference. One per test run.
/// </summary>
public sealed class StandInWebSite : IDisposable
{
    private static readonly Lazy<StandInWebSite> Shared = new(() => new StandInWebSite());
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;

    private StandInWebSite()
    {
        _certificate = CreateCertificate();
        CertificateFile = Path.Combine(Path.GetTempPath(), $"chatalot-stand-in-site-{Environment.ProcessId}.pem");
        File.WriteAllText(CertificateFile, _certificate.ExportCertificatePem());
        _listener.Start();
        BaseUrl = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public static StandInWebSite Instance => Shared.Value;

    public Uri BaseUrl { get; }

    /// <summary>The site's certificate (PEM), the only one the sample server trusts.</summary>
    public string CertificateFile { get; }

    /// <summary>The article's address: the link a test sends.</summary>
    public Uri Article => new(BaseUrl, "article");

    public const string ArticleTitle = "Otters hold hands while sleeping";

    public const string ArticleDescription = "So they do not drift apart.";

    public void Dispose()
    {
        _listener.Dispose();
        _certificate.Dispose();
        File.Delete(CertificateFile);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // SslStream on Linux needs the key in an exportable, reloaded form.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(_certificate);
            var path = await ReadRequestPathAsync(tls);
            var (status, type, body) = path switch
            {
                "/article" => ("200 OK", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(ArticlePage())),
                "/otters.gif" => ("200 OK", "image/gif", StandInGifProvider.Gif),
                _ => ("404 Not Found", "text/plain", "not here"u8.ToArray()),
            };
            var head = $"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            await tls.WriteAsync(body);
            await tls.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // A client that gave up, or one that does not trust the certificate: nothing to answer.
        }
    }

    /// <summary>The request line's path; the headers are read and ignored.</summary>
    private static async Task<string> ReadRequestPathAsync(Stream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && received.Length < 64 * 1024)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var line = received.ToString().Split("\r\n")[0].Split(' ');
        return line.Length >= 2 ? line[1].Split('?')[0] : "";
    }

    private string ArticlePage() => $"""
        <!doctype html>
        <html><head>
        <title>Stand-in news</title>
        <meta property="og:title" content="{ArticleTitle}">
        <meta property="og:description" content="{ArticleDescription}">
        <meta property="og:site_name" content="Stand-in News">
        <meta property="og:image" content="{new Uri(BaseUrl, "otters.gif")}">
        </head><body><p>Otters.</p></body></html>
        """;
}
