using System.Buffers;
using System.Globalization;
using System.Text;

namespace Chatalot.Client.Search.Internal;

/// <summary>A word of a text: where it is (UTF-16 offsets into the original) and its folded search form.</summary>
internal readonly record struct SearchToken(int Start, int Length, string Term);

/// <summary>
/// Splits text into words and folds them (<see cref="LetterFolding"/>), the same way for messages and queries.
/// A word is a run of letters, digits and combining marks, joined across an apostrophe between letters ("don't") and a
/// point or comma between digits ("3.14"), roughly the word rule of UAX #29. Ideographs and kana, written without
/// spaces, are one token each (as Lucene's standard analyser does), so a phrase of them matches consecutive characters.
/// </summary>
internal static class SearchTokenizer
{
    /// <summary>Longer words are cut here: nobody searches for them whole, and the dictionary stays small.</summary>
    public const int MaxTermLength = 64;

    public static List<SearchToken> Tokenize(string text)
    {
        var tokens = new List<SearchToken>();
        var folded = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width) != OperationStatus.Done)
            {
                i++;
                continue;
            }

            if (IsIdeographic(rune))
            {
                tokens.Add(new SearchToken(i, width, Fold(text.AsSpan(i, width), folded)));
                i += width;
                continue;
            }

            if (!IsLetterOrDigit(rune))
            {
                i += width;
                continue;
            }

            var start = i;
            i = EndOfWord(text, i);
            var term = Fold(text.AsSpan(start, i - start), folded);
            if (term.Length > 0)
            {
                tokens.Add(new SearchToken(start, i - start, term));
            }
        }

        return tokens;
    }

    /// <summary>Folds a name (a username, a channel name) for comparison the way words are folded.</summary>
    public static string FoldName(string name) => Fold(name.AsSpan().Trim(), new StringBuilder(), keepAll: true);

    private static int EndOfWord(string text, int i)
    {
        var previous = default(Rune);
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width) != OperationStatus.Done || IsIdeographic(rune))
            {
                return i;
            }

            if (IsLetterOrDigit(rune) || IsMark(rune))
            {
                previous = rune;
                i += width;
                continue;
            }

            // Joiners count only between two word characters of the right sort.
            var joins = rune.Value switch
            {
                '\'' or '\u2019' => Rune.IsLetter(previous) && NextIs(text, i + width, Rune.IsLetter),
                '.' or ',' => Rune.IsDigit(previous) && NextIs(text, i + width, Rune.IsDigit),
                _ => false,
            };
            if (!joins)
            {
                return i;
            }

            i += width;
        }

        return i;
    }

    private static bool NextIs(string text, int i, Func<Rune, bool> test) =>
        i < text.Length && Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) == OperationStatus.Done && test(rune);

    /// <summary>Lower case, diacritics and apostrophes dropped ("Don't" and "dont" are one term), cut at <see cref="MaxTermLength"/>.</summary>
    private static string Fold(ReadOnlySpan<char> word, StringBuilder buffer, bool keepAll = false)
    {
        buffer.Clear();
        foreach (var rune in word.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                var c = (char)rune.Value;
                if (char.IsAsciiLetterOrDigit(c))
                {
                    buffer.Append(char.ToLowerInvariant(c));
                }
                else if (keepAll && c != '\'')
                {
                    buffer.Append(c);
                }
            }
            else if (rune.IsBmp && LetterFolding.Fold((char)rune.Value) is { } mapped)
            {
                buffer.Append(mapped);
            }
            else if (!IsMark(rune) && rune.Value != '\u2019')
            {
                buffer.Append(Rune.ToLowerInvariant(rune).ToString());
            }

            if (!keepAll && buffer.Length >= MaxTermLength)
            {
                break;
            }
        }

        if (!keepAll && buffer.Length > MaxTermLength)
        {
            buffer.Length = MaxTermLength;
        }

        return buffer.ToString();
    }

    private static bool IsLetterOrDigit(Rune rune) => Rune.IsLetterOrDigit(rune);

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Han ideographs, Hiragana and Katakana: scripts written without spaces between words.</summary>
    private static bool IsIdeographic(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true, // Hiragana, Katakana
        >= 0x3400 and <= 0x4DBF => true, // CJK Extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK Unified Ideographs
        >= 0xF900 and <= 0xFAFF => true, // CJK Compatibility Ideographs
        >= 0x20000 and <= 0x3FFFF => true, // CJK Extensions B and later
        _ => false,
    };
}
