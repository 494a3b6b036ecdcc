using System.Net;
using System.Net.Http.Headers;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors.Internal;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// One outbound GET with the rules every fetch on a user's behalf shares: each URL (the first and every redirect) must
/// pass <paramref name="allowUrl"/>; at most <paramref name="maxRedirects"/> hops; the whole fetch within
/// <paramref name="timeout"/>; only the media types asked for; at most a given number of bytes read. Failures become the
/// typed errors of rest.md (<c>link_blocked</c>, <c>link_unreachable</c>), never the remote's details.
/// </summary>
internal sealed class OutboundFetcher(HttpClient http, Func<Uri, bool> allowUrl, TimeSpan timeout, int maxRedirects)
{
    private static readonly ProductInfoHeaderValue UserAgent = new("ChatalotPreview", "1.0");

    /// <summary>Fetches <paramref name="url"/>.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="accept">Acceptable media types (lower case, no parameters).</param>
    /// <param name="maxBytes">Bytes to read at most.</param>
    /// <param name="truncate">Whether a longer body is cut at <paramref name="maxBytes"/> (a page) rather than refused (an image).</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    public async Task<FetchedResource> FetchAsync(Uri url, IReadOnlyCollection<string> accept, int maxBytes, bool truncate, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                if (!allowUrl(current))
                {
                    throw Blocked("The link is not an allowed address.");
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.Add(UserAgent);
                foreach (var type in accept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    if (hop >= maxRedirects || response.Headers.Location is not { } location)
                    {
                        throw Unreachable("The link redirects too often.");
                    }

                    current = new Uri(current, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Unreachable($"The site answered {(int)response.StatusCode}.");
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
                if (!accept.Contains(mediaType))
                {
                    throw Blocked("The link is not a page or image that can be previewed.");
                }

                if (!truncate && response.Content.Headers.ContentLength > maxBytes)
                {
                    throw Unreachable("The linked file is too large.");
                }

                var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var (body, more) = await ReadCappedAsync(stream, maxBytes, deadline.Token).ConfigureAwait(false);
                    if (more && !truncate)
                    {
                        throw Unreachable("The linked file is too large.");
                    }

                    return new FetchedResource(current, mediaType, body, more);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable("The site did not answer in time.");
        }
        catch (HttpRequestException ex) when (FindBlocked(ex) is not null)
        {
            throw Blocked("The link's host is not a public address.");
        }
        catch (HttpRequestException)
        {
            throw Unreachable("The site could not be reached.");
        }
        catch (IOException)
        {
            throw Unreachable("The connection to the site failed.");
        }
    }

    private static async Task<(byte[] Body, bool More)> ReadCappedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var output = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = maxBytes - (int)output.Length;
            if (read > room)
            {
                output.Write(buffer, 0, room);
                return (output.ToArray(), true);
            }

            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), false);
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static OutboundBlockedException? FindBlocked(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OutboundBlockedException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    private static Errors.ChatalotServerException Blocked(string message) => Fail.Code(ErrorCodes.LinkBlocked, 422, message);

    private static Errors.ChatalotServerException Unreachable(string message) => Fail.Code(ErrorCodes.LinkUnreachable, 502, message);
}
