using System.Collections.Frozen;

namespace Chatalot.Client.Search.Internal;

/// <summary>
/// Folds a letter to its search form: lower case, diacritics removed, compatibility forms (ligatures, full-width
/// letters) expanded. <c>string.Normalize</c> is unavailable here (the client runs with invariant globalization, in the
/// browser too), so the mapping is precomputed: for every letter of Latin-1, Latin Extended-A/B and Additional, Greek,
/// Cyrillic, the Latin ligatures and the full-width forms, NFKD with combining marks dropped, lower-cased (ICU 72),
/// plus the letters that have no decomposition but an obvious base (ß, æ, ø, ł, đ, þ, ı, final sigma).
/// </summary>
internal static class LetterFolding
{
    private const string Keys =
        "\u00AA\u00B5\u00BA\u00C0\u00C1\u00C2\u00C3\u00C4\u00C5\u00C6\u00C7\u00C8\u00C9\u00CA\u00CB\u00CC" +
        "\u00CD\u00CE\u00CF\u00D0\u00D1\u00D2\u00D3\u00D4\u00D5\u00D6\u00D8\u00D9\u00DA\u00DB\u00DC\u00DD" +
        "\u00DE\u00DF\u00E0\u00E1\u00E2\u00E3\u00E4\u00E5\u00E6\u00E7\u00E8\u00E9\u00EA\u00EB\u00EC\u00ED" +
        "\u00EE\u00EF\u00F0\u00F1\u00F2\u00F3\u00F4\u00F5\u00F6\u00F8\u00F9\u00FA\u00FB\u00FC\u00FD\u00FE" +
        "\u00FF\u0100\u0101\u0102\u0103\u0104\u0105\u0106\u0107\u0108\u0109\u010A\u010B\u010C\u010D\u010E" +
        "\u010F\u0110\u0111\u0112\u0113\u0114\u0115\u0116\u0117\u0118\u0119\u011A\u011B\u011C\u011D\u011E" +
        "\u011F\u0120\u0121\u0122\u0123\u0124\u0125\u0126\u0127\u0128\u0129\u012A\u012B\u012C\u012D\u012E" +
        "\u012F\u0130\u0131\u0132\u0133\u0134\u0135\u0136\u0137\u0139\u013A\u013B\u013C\u013D\u013E\u013F" +
        "\u0140\u0141\u0142\u0143\u0144\u0145\u0146\u0147\u0148\u0149\u014A\u014B\u014C\u014D\u014E\u014F" +
        "\u0150\u0151\u0152\u0153\u0154\u0155\u0156\u0157\u0158\u0159\u015A\u015B\u015C\u015D\u015E\u015F" +
        "\u0160\u0161\u0162\u0163\u0164\u0165\u0168\u0169\u016A\u016B\u016C\u016D\u016E\u016F\u0170\u0171" +
        "\u0172\u0173\u0174\u0175\u0176\u0177\u0178\u0179\u017A\u017B\u017C\u017D\u017E\u017F\u01A0\u01A1" +
        "\u01AF\u01B0\u01C4\u01C5\u01C6\u01C7\u01C8\u01C9\u01CA\u01CB\u01CC\u01CD\u01CE\u01CF\u01D0\u01D1" +
        "\u01D2\u01D3\u01D4\u01D5\u01D6\u01D7\u01D8\u01D9\u01DA\u01DB\u01DC\u01DE\u01DF\u01E0\u01E1\u01E2" +
        "\u01E3\u01E6\u01E7\u01E8\u01E9\u01EA\u01EB\u01EC\u01ED\u01EE\u01EF\u01F0\u01F1\u01F2\u01F3\u01F4" +
        "\u01F5\u01F8\u01F9\u01FA\u01FB\u01FC\u01FD\u01FE\u01FF\u0200\u0201\u0202\u0203\u0204\u0205\u0206" +
        "\u0207\u0208\u0209\u020A\u020B\u020C\u020D\u020E\u020F\u0210\u0211\u0212\u0213\u0214\u0215\u0216" +
        "\u0217\u0218\u0219\u021A\u021B\u021E\u021F\u0226\u0227\u0228\u0229\u022A\u022B\u022C\u022D\u022E" +
        "\u022F\u0230\u0231\u0232\u0233\u0386\u0388\u0389\u038A\u038C\u038E\u038F\u0390\u03AA\u03AB\u03AC" +
        "\u03AD\u03AE\u03AF\u03B0\u03C2\u03CA\u03CB\u03CC\u03CD\u03CE\u03D0\u03D1\u03D2\u03D3\u03D4\u03D5" +
        "\u03D6\u03F0\u03F1\u03F2\u03F5\u03F9\u0400\u0401\u0403\u0407\u040C\u040D\u040E\u0419\u0439\u0450" +
        "\u0451\u0453\u0457\u045C\u045D\u045E\u0476\u0477\u04C1\u04C2\u04D0\u04D1\u04D2\u04D3\u04D6\u04D7" +
        "\u04DA\u04DB\u04DC\u04DD\u04DE\u04DF\u04E2\u04E3\u04E4\u04E5\u04E6\u04E7\u04EA\u04EB\u04EC\u04ED" +
        "\u04EE\u04EF\u04F0\u04F1\u04F2\u04F3\u04F4\u04F5\u04F8\u04F9\u1E00\u1E01\u1E02\u1E03\u1E04\u1E05" +
        "\u1E06\u1E07\u1E08\u1E09\u1E0A\u1E0B\u1E0C\u1E0D\u1E0E\u1E0F\u1E10\u1E11\u1E12\u1E13\u1E14\u1E15" +
        "\u1E16\u1E17\u1E18\u1E19\u1E1A\u1E1B\u1E1C\u1E1D\u1E1E\u1E1F\u1E20\u1E21\u1E22\u1E23\u1E24\u1E25" +
        "\u1E26\u1E27\u1E28\u1E29\u1E2A\u1E2B\u1E2C\u1E2D\u1E2E\u1E2F\u1E30\u1E31\u1E32\u1E33\u1E34\u1E35" +
        "\u1E36\u1E37\u1E38\u1E39\u1E3A\u1E3B\u1E3C\u1E3D\u1E3E\u1E3F\u1E40\u1E41\u1E42\u1E43\u1E44\u1E45" +
        "\u1E46\u1E47\u1E48\u1E49\u1E4A\u1E4B\u1E4C\u1E4D\u1E4E\u1E4F\u1E50\u1E51\u1E52\u1E53\u1E54\u1E55" +
        "\u1E56\u1E57\u1E58\u1E59\u1E5A\u1E5B\u1E5C\u1E5D\u1E5E\u1E5F\u1E60\u1E61\u1E62\u1E63\u1E64\u1E65" +
        "\u1E66\u1E67\u1E68\u1E69\u1E6A\u1E6B\u1E6C\u1E6D\u1E6E\u1E6F\u1E70\u1E71\u1E72\u1E73\u1E74\u1E75" +
        "\u1E76\u1E77\u1E78\u1E79\u1E7A\u1E7B\u1E7C\u1E7D\u1E7E\u1E7F\u1E80\u1E81\u1E82\u1E83\u1E84\u1E85" +
        "\u1E86\u1E87\u1E88\u1E89\u1E8A\u1E8B\u1E8C\u1E8D\u1E8E\u1E8F\u1E90\u1E91\u1E92\u1E93\u1E94\u1E95" +
        "\u1E96\u1E97\u1E98\u1E99\u1E9A\u1E9B\u1E9E\u1EA0\u1EA1\u1EA2\u1EA3\u1EA4\u1EA5\u1EA6\u1EA7\u1EA8" +
        "\u1EA9\u1EAA\u1EAB\u1EAC\u1EAD\u1EAE\u1EAF\u1EB0\u1EB1\u1EB2\u1EB3\u1EB4\u1EB5\u1EB6\u1EB7\u1EB8" +
        "\u1EB9\u1EBA\u1EBB\u1EBC\u1EBD\u1EBE\u1EBF\u1EC0\u1EC1\u1EC2\u1EC3\u1EC4\u1EC5\u1EC6\u1EC7\u1EC8" +
        "\u1EC9\u1ECA\u1ECB\u1ECC\u1ECD\u1ECE\u1ECF\u1ED0\u1ED1\u1ED2\u1ED3\u1ED4\u1ED5\u1ED6\u1ED7\u1ED8" +
        "\u1ED9\u1EDA\u1EDB\u1EDC\u1EDD\u1EDE\u1EDF\u1EE0\u1EE1\u1EE2\u1EE3\u1EE4\u1EE5\u1EE6\u1EE7\u1EE8" +
        "\u1EE9\u1EEA\u1EEB\u1EEC\u1EED\u1EEE\u1EEF\u1EF0\u1EF1\u1EF2\u1EF3\u1EF4\u1EF5\u1EF6\u1EF7\u1EF8" +
        "\u1EF9\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06\uFF10\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17" +
        "\uFF18\uFF19\uFF21\uFF22\uFF23\uFF24\uFF25\uFF26\uFF27\uFF28\uFF29\uFF2A\uFF2B\uFF2C\uFF2D\uFF2E" +
        "\uFF2F\uFF30\uFF31\uFF32\uFF33\uFF34\uFF35\uFF36\uFF37\uFF38\uFF39\uFF3A\uFF41\uFF42\uFF43\uFF44" +
        "\uFF45\uFF46\uFF47\uFF48\uFF49\uFF4A\uFF4B\uFF4C\uFF4D\uFF4E\uFF4F\uFF50\uFF51\uFF52\uFF53\uFF54" +
        "\uFF55\uFF56\uFF57\uFF58\uFF59\uFF5A";

    private const string Values =
        "a|\u03BC|o|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o|o|u|u|u|u|y|th|ss|a|a|a|a|a|a|ae|c|e|e" +
        "|e|e|i|i|i|i|d|n|o|o|o|o|o|o|u|u|u|u|y|th|y|a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|" +
        "e|e|g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|l|l|l|l|l|l|l|l|l|l|n|n|n|n|n|n|" +
        "\u02BCn|n|n|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|" +
        "y|y|z|z|z|z|z|z|s|o|o|u|u|dz|dz|dz|lj|lj|lj|nj|nj|nj|a|a|i|i|o|o|u|u|u|u|u|u|u|u|u|u|a|a|a|a|" +
        "\u00E6|\u00E6|g|g|k|k|o|o|o|o|\u0292|\u0292|j|dz|dz|dz|g|g|n|n|a|a|\u00E6|\u00E6|\u00F8|\u00F8|a" +
        "|a|a|a|e|e|e|e|i|i|i|i|o|o|o|o|r|r|r|r|u|u|u|u|s|s|t|t|h|h|a|a|e|e|o|o|o|o|o|o|o|o|y|y|\u03B1|" +
        "\u03B5|\u03B7|\u03B9|\u03BF|\u03C5|\u03C9|\u03B9|\u03B9|\u03C5|\u03B1|\u03B5|\u03B7|\u03B9|" +
        "\u03C5|\u03C3|\u03B9|\u03C5|\u03BF|\u03C5|\u03C9|\u03B2|\u03B8|\u03C5|\u03C5|\u03C5|\u03C6|" +
        "\u03C0|\u03BA|\u03C1|\u03C2|\u03B5|\u03C3|\u0435|\u0435|\u0433|\u0456|\u043A|\u0438|\u0443|" +
        "\u0438|\u0438|\u0435|\u0435|\u0433|\u0456|\u043A|\u0438|\u0443|\u0475|\u0475|\u0436|\u0436|" +
        "\u0430|\u0430|\u0430|\u0430|\u0435|\u0435|\u04D9|\u04D9|\u0436|\u0436|\u0437|\u0437|\u0438|" +
        "\u0438|\u0438|\u0438|\u043E|\u043E|\u04E9|\u04E9|\u044D|\u044D|\u0443|\u0443|\u0443|\u0443|" +
        "\u0443|\u0443|\u0447|\u0447|\u044B|\u044B|a|a|b|b|b|b|b|b|c|c|d|d|d|d|d|d|d|d|d|d|e|e|e|e|e|e|e|" +
        "e|e|e|f|f|g|g|h|h|h|h|h|h|h|h|h|h|i|i|i|i|k|k|k|k|k|k|l|l|l|l|l|l|l|l|m|m|m|m|m|m|n|n|n|n|n|n|n|" +
        "n|o|o|o|o|o|o|o|o|p|p|p|p|r|r|r|r|r|r|r|r|s|s|s|s|s|s|s|s|s|s|t|t|t|t|t|t|t|t|u|u|u|u|u|u|u|u|u|" +
        "u|v|v|v|v|w|w|w|w|w|w|w|w|w|w|x|x|x|x|y|y|z|z|z|z|z|z|h|t|w|y|a\u02BE|s|ss|a|a|a|a|a|a|a|a|a|a|a" +
        "|a|a|a|a|a|a|a|a|a|a|a|a|a|e|e|e|e|e|e|e|e|e|e|e|e|e|e|e|e|i|i|i|i|o|o|o|o|o|o|o|o|o|o|o|o|o|o|o" +
        "|o|o|o|o|o|o|o|o|o|u|u|u|u|u|u|u|u|u|u|u|u|u|u|y|y|y|y|y|y|y|y|ff|fi|fl|ffi|ffl|st|st|0|1|2|3|4|" +
        "5|6|7|8|9|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|" +
        "r|s|t|u|v|w|x|y|z";

    private static readonly FrozenDictionary<char, string> Map = Build();

    /// <summary>The folded form of <paramref name="c"/> when it differs from its simple lower case, else null.</summary>
    public static string? Fold(char c) => c < 0x80 ? null : Map.GetValueOrDefault(c);

    private static FrozenDictionary<char, string> Build()
    {
        var values = Values.Split('|');
        var map = new Dictionary<char, string>(Keys.Length);
        for (var i = 0; i < Keys.Length; i++)
        {
            map[Keys[i]] = values[i];
        }

        return map.ToFrozenDictionary();
    }
}
