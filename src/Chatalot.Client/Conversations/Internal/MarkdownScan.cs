namespace Chatalot.Client.Conversations.Internal;

/// <summary>The parts of Markdown source outside code spans and fenced blocks, where mentions and shortcodes mean something.</summary>
internal static class MarkdownScan
{
    /// <summary>(start, length) ranges of <paramref name="text"/> outside code, in order.</summary>
    public static IEnumerable<(int Start, int Length)> OutsideCode(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            // A run of n backticks opens code that the next run of exactly n backticks closes (CommonMark §6.1; a
            // fence is a run of three or more). An unclosed run is literal text.
            var run = RunLength(text, i);
            var close = FindRun(text, i + run, run);
            if (close < 0)
            {
                i += run;
                continue;
            }

            if (i > start)
            {
                yield return (start, i - start);
            }

            i = close + run;
            start = i;
        }

        if (start < text.Length)
        {
            yield return (start, text.Length - start);
        }
    }

    private static int RunLength(string text, int at)
    {
        var end = at;
        while (end < text.Length && text[end] == '`')
        {
            end++;
        }

        return end - at;
    }

    private static int FindRun(string text, int from, int length)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '`')
            {
                var run = RunLength(text, i);
                if (run == length)
                {
                    return i;
                }

                i += run - 1;
            }
        }

        return -1;
    }
}
