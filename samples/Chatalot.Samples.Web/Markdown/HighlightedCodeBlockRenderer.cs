using ColorCode;
using ColorCode.Common;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Chatalot.Samples.Web.Markdown;

/// <summary>
/// Fenced code blocks with a language ColorCode knows (<c>```csharp</c>, <c>```py</c>…) are highlighted by Microsoft's
/// ColorCode through its class formatter: the output is <c>span</c>s with class names only (no inline styles; the
/// colours live in app.css per theme mode), and ColorCode HTML-encodes the code itself. Any other block, and any block
/// ColorCode fails on, is rendered by Markdig's own renderer.
/// </summary>
internal sealed class HighlightedCodeBlockRenderer(CodeBlockRenderer fallback) : HtmlObjectRenderer<CodeBlock>
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = LanguageId.CSharp, ["csharp"] = LanguageId.CSharp, ["c#"] = LanguageId.CSharp,
        ["js"] = LanguageId.JavaScript, ["javascript"] = LanguageId.JavaScript, ["jsx"] = LanguageId.JavaScript,
        ["ts"] = LanguageId.TypeScript, ["typescript"] = LanguageId.TypeScript, ["tsx"] = LanguageId.TypeScript,
        ["py"] = LanguageId.Python, ["python"] = LanguageId.Python,
        ["sql"] = LanguageId.Sql, ["json"] = LanguageId.Json, ["xml"] = LanguageId.Xml, ["html"] = LanguageId.Html,
        ["css"] = LanguageId.Css, ["c"] = LanguageId.Cpp, ["cpp"] = LanguageId.Cpp, ["c++"] = LanguageId.Cpp,
        ["java"] = LanguageId.Java, ["php"] = LanguageId.Php, ["ps1"] = LanguageId.PowerShell, ["powershell"] = LanguageId.PowerShell,
        ["fs"] = LanguageId.FSharp, ["fsharp"] = LanguageId.FSharp, ["f#"] = LanguageId.FSharp,
        ["hs"] = LanguageId.Haskell, ["haskell"] = LanguageId.Haskell, ["md"] = LanguageId.Markdown, ["markdown"] = LanguageId.Markdown,
        ["vb"] = LanguageId.VbDotNet, ["vbnet"] = LanguageId.VbDotNet, ["fortran"] = LanguageId.Fortran, ["matlab"] = LanguageId.MatLab,
    };

    private static readonly HtmlClassFormatter Formatter = new();
    private static readonly Lock FormatterLock = new();

    protected override void Write(HtmlRenderer renderer, CodeBlock obj)
    {
        if (obj is FencedCodeBlock { Info: { Length: > 0 } info } && Aliases.TryGetValue(info, out var id) && Languages.FindById(id) is { } language)
        {
            var code = obj.Lines.ToString();
            string html;
            try
            {
                lock (FormatterLock)
                {
                    html = Formatter.GetHtmlString(code, language);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                fallback.Write(renderer, obj);
                return;
            }

            renderer.EnsureLine();
            renderer.Write("<div class=\"code-block\" data-testid=\"code-block\" data-language=\"").WriteEscape(language.Id).Write("\">");
            renderer.Write(html);
            renderer.WriteLine("</div>");
            return;
        }

        fallback.Write(renderer, obj);
    }
}
