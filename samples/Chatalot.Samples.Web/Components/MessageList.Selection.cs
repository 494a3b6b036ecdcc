using Chatalot.Samples.Web.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Chatalot.Samples.Web.Components;

/// <summary>
/// The message list's selection mode for members holding <c>manage_messages</c>: "Select messages" puts a checkbox on
/// each message, "Delete N selected" asks once and bulk-deletes them for everyone (the server's <c>message_deleted</c>
/// events remove them from every open list, this one included); Escape or Cancel leaves the mode.
/// </summary>
public sealed partial class MessageList
{
    private readonly HashSet<Guid> _selected = [];
    private bool _selecting;
    private bool _confirming;
    private bool _deleting;
    private string? _selectionError;

    private RenderFragment SelectionBar() => builder =>
    {
        if (!_selecting)
        {
            if (Session.CanBulkDelete(Channel.Id))
            {
                builder.OpenElement(0, "div");
                builder.AddAttribute(1, "class", "selection-bar idle");
                Button(builder, 2, "btn link", "Select messages", EnterSelection, "select-messages");
                builder.CloseElement();
            }

            return;
        }

        // Messages deleted meanwhile (by anyone) leave the selection.
        _selected.IntersectWith(Session.MessagesOf(Channel.Id).Select(m => m.Id));
        var count = _selected.Count;
        builder.OpenElement(10, "div");
        builder.AddAttribute(11, "class", "selection-bar");
        builder.AddAttribute(12, "role", "toolbar");
        builder.AddAttribute(13, "aria-label", "Selected messages");
        builder.AddAttribute(14, "data-testid", "selection-bar");
        builder.OpenElement(15, "span");
        builder.AddAttribute(16, "data-testid", "selection-count");
        builder.AddContent(17, count == 1 ? "1 message selected" : $"{count} messages selected");
        builder.CloseElement();
        if (_confirming)
        {
            builder.OpenElement(20, "span");
            builder.AddAttribute(21, "role", "alertdialog");
            builder.AddAttribute(22, "aria-label", "Confirm the bulk delete");
            builder.AddAttribute(23, "data-testid", "bulk-confirm-dialog");
            builder.AddContent(24, $"Delete {count} message{(count == 1 ? "" : "s")} for everyone? This cannot be undone. ");
            Button(builder, 25, "btn danger", _deleting ? "Deleting…" : "Delete", DeleteSelectedAsync, "bulk-confirm", _deleting);
            Button(builder, 26, "btn secondary", "Keep them", () => { _confirming = false; return Task.CompletedTask; }, "bulk-keep");
            builder.CloseElement();
        }
        else
        {
            Button(builder, 30, "btn danger", $"Delete {count} selected", AskToDelete, "bulk-delete", count == 0 || count > ChatSession.BulkDeleteLimit);
            Button(builder, 31, "btn secondary", "Cancel", () => { LeaveSelection(); return Task.CompletedTask; }, "bulk-cancel");
        }

        if (count > ChatSession.BulkDeleteLimit)
        {
            builder.OpenElement(40, "span");
            builder.AddAttribute(41, "class", "muted");
            builder.AddContent(42, $"At most {ChatSession.BulkDeleteLimit} at once.");
            builder.CloseElement();
        }

        if (_selectionError is { } error)
        {
            builder.OpenElement(50, "span");
            builder.AddAttribute(51, "class", "error");
            builder.AddAttribute(52, "role", "alert");
            builder.AddAttribute(53, "data-testid", "bulk-error");
            builder.AddContent(54, error);
            builder.CloseElement();
        }

        builder.CloseElement();
    };

    private void Button(RenderTreeBuilder builder, int sequence, string css, string text, Func<Task> onClick, string testId, bool disabled = false)
    {
        builder.OpenRegion(sequence);
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", css);
        builder.AddAttribute(3, "disabled", disabled);
        builder.AddAttribute(4, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, onClick));
        builder.AddAttribute(5, "data-testid", testId);
        builder.AddContent(6, text);
        builder.CloseElement();
        builder.CloseRegion();
    }

    private Task EnterSelection()
    {
        _selecting = true;
        _confirming = false;
        _selectionError = null;
        _selected.Clear();
        return Task.CompletedTask;
    }

    private void LeaveSelection()
    {
        _selecting = false;
        _confirming = false;
        _selectionError = null;
        _selected.Clear();
    }

    private void ToggleSelected(Guid messageId)
    {
        if (!_selected.Remove(messageId))
        {
            _selected.Add(messageId);
        }

        _confirming = false;
    }

    private Task AskToDelete()
    {
        _selectionError = null;
        _confirming = _selected.Count is > 0 and <= ChatSession.BulkDeleteLimit;
        return Task.CompletedTask;
    }

    private async Task DeleteSelectedAsync()
    {
        _deleting = true;
        _selectionError = null;
        try
        {
            await Session.BulkDeleteAsync(Channel.Id, [.. _selected]);
            LeaveSelection();
        }
        catch (Chatalot.Client.ChatalotClientException ex)
        {
            _confirming = false;
            _selectionError = ex.Code switch
            {
                "forbidden" or "missing_permission" => "You may not delete others' messages here (manage messages).",
                "validation_failed" => $"Select between 1 and {ChatSession.BulkDeleteLimit} messages of this channel.",
                _ => "Not deleted (" + ex.Code + ").",
            };
        }
        catch (HttpRequestException)
        {
            _confirming = false;
            _selectionError = "The server could not be reached; nothing was deleted.";
        }
        finally
        {
            _deleting = false;
        }
    }

    private void OnSelectionKey(KeyboardEventArgs e)
    {
        if (_selecting && e.Key == "Escape")
        {
            LeaveSelection();
        }
    }
}
