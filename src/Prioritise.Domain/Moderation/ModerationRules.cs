using Prioritise.Domain.Rounds;
using Prioritise.Domain.Scoring;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain.Moderation;

/// <summary>
/// The moderation session's rules (docs/scoring-method.md, Moderation). The moderated list is
/// always recomputed by replaying the actions that stand (those not reverted) over the
/// pre-moderation ranking, so a revert is exact and the list never drifts from its history.
/// </summary>
public static class ModerationRules
{
    public static ModeratedList Replay(RoundResults ranking, IReadOnlyList<ModerationAction> actions, decimal? fundingCap = null)
    {
        var board = new Board(ranking);
        foreach (var action in Standing(actions)) board.Apply(action);
        return board.Draw(fundingCap ?? ranking.FundingCap, ranking.FundingLinePolicy);
    }

    /// <summary>The actions in force: every non-revert action that no revert names.</summary>
    public static IEnumerable<ModerationAction> Standing(IReadOnlyList<ModerationAction> actions)
    {
        var reverted = actions.Where(a => a.Type == ModerationActionType.Revert).Select(a => a.ActionId).ToHashSet();
        return actions.Where(a => a.Type != ModerationActionType.Revert && !reverted.Contains(a.Id));
    }

    /// <summary>Checks a chair's command against the list as it stands and turns it into an action.</summary>
    public static ModerationAction Accept(
        ModerationCommand command, ModeratedList current, IReadOnlyList<ModerationAction> actions,
        string actionId, string actor, DateTimeOffset at)
    {
        var type = command.Type ?? throw DomainException.Invalid("type",
            "'type' is required: move, award, jointAward, condition, decline, setFundingLine or revert.");
        var reason = command.Reason?.Trim();
        if (type != ModerationActionType.Condition && string.IsNullOrEmpty(reason))
            throw DomainException.Invalid("reason", "A reason is required for every action that changes money or order.");
        if (reason is { Length: > TextRules.LongText } || !TextRules.IsPlainText(reason))
            throw DomainException.Invalid("reason", $"'reason' must be plain text of at most {TextRules.LongText} characters.");
        var action = new ModerationAction(actionId, type, actor, at, string.IsNullOrEmpty(reason) ? null : reason);

        switch (type)
        {
            case ModerationActionType.Move:
            {
                var row = Row(current, command.BidId, "bidId");
                if ((command.Before is null) == (command.After is null))
                    throw DomainException.Invalid("before", "Give exactly one of 'before' or 'after'.");
                var field = command.Before is not null ? "before" : "after";
                var target = Row(current, command.Before ?? command.After, field);
                if (target.Result.BidId == row.Result.BidId || (row.JointGroup is not null && row.JointGroup == target.JointGroup))
                    throw DomainException.Invalid(field, "A bid cannot be moved relative to itself or its own joint group.");
                return action with { BidId = row.Result.BidId, Before = command.Before, After = command.After };
            }
            case ModerationActionType.Award:
            {
                var row = Row(current, command.BidId, "bidId");
                var amount = Amount(command.Amount);
                if (amount > row.Result.AmountRequested)
                    throw DomainException.Invalid("amount", $"A partial award cannot exceed the request (GBP {row.Result.AmountRequested:N2}).");
                if (row.JointGroup is not null)
                    throw DomainException.Conflict("bidId", "This bid shares a joint award; revert the joint award before awarding it alone.");
                return action with { BidId = row.Result.BidId, Amount = amount };
            }
            case ModerationActionType.JointAward:
            {
                var ids = command.BidIds ?? [];
                if (ids.Count < 2 || ids.Distinct().Count() != ids.Count)
                    throw DomainException.Invalid("bidIds", "A joint award needs two or more different bids.");
                var rows = ids.Select((id, i) => Row(current, id, $"bidIds[{i}]")).ToList();
                if (rows.FirstOrDefault(r => r.JointGroup is not null) is { } grouped)
                    throw DomainException.Conflict("bidIds", $"{grouped.Result.BidId} already shares a joint award; revert that first.");
                if (rows.FirstOrDefault(r => r.Declined) is { } declined)
                    throw DomainException.Conflict("bidIds", $"{declined.Result.BidId} has been declined.");
                var amount = Amount(command.Amount);
                var requested = rows.Sum(r => r.Result.AmountRequested);
                if (amount > requested)
                    throw DomainException.Invalid("amount", $"A joint award cannot exceed the bids' requests together (GBP {requested:N2}).");
                return action with { BidIds = ids.ToList(), Amount = amount };
            }
            case ModerationActionType.Condition:
            {
                var row = Row(current, command.BidId, "bidId");
                var text = command.Text?.Trim();
                if (string.IsNullOrEmpty(text)) throw DomainException.Invalid("text", "The condition's text is required.");
                if (text.Length > TextRules.LongText || !TextRules.IsPlainText(text))
                    throw DomainException.Invalid("text", $"'text' must be plain text of at most {TextRules.LongText} characters.");
                return action with { BidId = row.Result.BidId, Text = text };
            }
            case ModerationActionType.Decline:
            {
                var row = Row(current, command.BidId, "bidId");
                if (row.Declined) throw DomainException.Conflict("bidId", "This bid is already declined.");
                if (row.JointGroup is not null)
                    throw DomainException.Conflict("bidId", "This bid shares a joint award; revert the joint award before declining it.");
                return action with { BidId = row.Result.BidId };
            }
            case ModerationActionType.SetFundingLine:
            {
                var after = string.IsNullOrEmpty(command.AfterBidId) ? null : Row(current, command.AfterBidId, "afterBidId").Result.BidId;
                return action with { AfterBidId = after };
            }
            case ModerationActionType.Revert:
            {
                var target = actions.FirstOrDefault(a => a.Id == command.ActionId)
                    ?? throw DomainException.NotFound("actionId", $"No action '{command.ActionId}' in this session.");
                if (target.Type == ModerationActionType.Revert)
                    throw DomainException.Invalid("actionId", "A revert cannot be reverted; take the action again instead.");
                if (actions.Any(a => a.Type == ModerationActionType.Revert && a.ActionId == target.Id))
                    throw DomainException.Conflict("actionId", $"Action '{target.Id}' is already reverted.");
                return action with { ActionId = target.Id };
            }
            default:
                throw DomainException.Invalid("type", $"Unknown action type '{type}'.");
        }
    }

    /// <summary>
    /// Splits a joint award between its bids in proportion to their requests, to the penny; any
    /// remainder penny goes to the group's first row.
    /// </summary>
    public static IReadOnlyList<decimal> SplitJointAward(decimal amount, IReadOnlyList<decimal> requests)
    {
        var total = requests.Sum();
        var shares = requests.Select(r => Math.Floor(amount * r / total * 100m) / 100m).ToArray();
        shares[0] += amount - shares.Sum();
        return shares;
    }

    private static ModeratedRow Row(ModeratedList list, string? bidId, string field)
    {
        if (string.IsNullOrEmpty(bidId)) throw DomainException.Invalid(field, $"'{field}' is required.");
        if (!Ids.IsValid(bidId)) throw DomainException.Invalid(field, $"'{field}' {Ids.Rule}.");
        return list.Find(bidId) ?? throw DomainException.NotFound(field, $"No bid '{bidId}' in this round.");
    }

    private static decimal Amount(decimal? amount) =>
        amount is { } a && Money.IsValidPositive(a)
            ? a
            : throw DomainException.Invalid("amount", "'amount' must be more than zero, in pounds with at most two decimal places.");

    /// <summary>The list being replayed: order, awards, groups, conditions, declines and the line.</summary>
    private sealed class Board
    {
        private readonly Dictionary<string, BidResult> _results;
        private readonly Dictionary<string, int> _rank;
        private readonly List<string> _order;
        private readonly Dictionary<string, decimal> _partial = new();
        private readonly Dictionary<string, string> _groupOf = new();
        private readonly Dictionary<string, decimal> _groupAmount = new();
        private readonly Dictionary<string, List<string>> _conditions = new();
        private readonly HashSet<string> _declined = new();
        private string? _lineAfter;

        public Board(RoundResults ranking)
        {
            _results = ranking.Bids.ToDictionary(b => b.Result.BidId, b => b.Result);
            _rank = ranking.Bids.ToDictionary(b => b.Result.BidId, b => b.Rank);
            _order = ranking.Bids.Select(b => b.Result.BidId).ToList();
        }

        public void Apply(ModerationAction a)
        {
            // A standing action can name a bid a revert has since changed around (a group now
            // gone, say); such steps are skipped rather than applied to a list they no longer fit.
            switch (a.Type)
            {
                case ModerationActionType.Move when Known(a.BidId) && Known(a.Before ?? a.After):
                    Move(a.BidId!, a.Before ?? a.After!, a.Before is not null);
                    break;
                case ModerationActionType.Award when Known(a.BidId) && !_groupOf.ContainsKey(a.BidId!):
                    _partial[a.BidId!] = a.Amount!.Value;
                    break;
                case ModerationActionType.JointAward when a.BidIds!.All(Known) && !a.BidIds!.Any(_groupOf.ContainsKey):
                    Join(a.Id, a.BidIds!, a.Amount!.Value);
                    break;
                case ModerationActionType.Condition when Known(a.BidId):
                    (_conditions.TryGetValue(a.BidId!, out var list) ? list : _conditions[a.BidId!] = []).Add(a.Text!);
                    break;
                case ModerationActionType.Decline when Known(a.BidId) && !_groupOf.ContainsKey(a.BidId!):
                    _declined.Add(a.BidId!);
                    break;
                case ModerationActionType.SetFundingLine when a.AfterBidId is null || Known(a.AfterBidId):
                    _lineAfter = a.AfterBidId;
                    break;
            }
        }

        private bool Known(string? bidId) => bidId is not null && _results.ContainsKey(bidId);

        /// <summary>A bid and the rest of its joint group, in list order.</summary>
        private List<string> Unit(string bidId) =>
            _groupOf.TryGetValue(bidId, out var g) ? _order.Where(id => _groupOf.GetValueOrDefault(id) == g).ToList() : [bidId];

        private void Move(string bidId, string target, bool before)
        {
            var moving = Unit(bidId);
            var targetUnit = Unit(target);
            if (targetUnit.Intersect(moving).Any()) return;
            _order.RemoveAll(moving.Contains);
            var index = before ? _order.IndexOf(targetUnit[0]) : _order.IndexOf(targetUnit[^1]) + 1;
            _order.InsertRange(index, moving);
        }

        private void Join(string groupId, IReadOnlyList<string> bidIds, decimal amount)
        {
            // The group sits together where its highest-placed bid stood.
            var members = _order.Where(bidIds.Contains).ToList();
            var index = _order.IndexOf(members[0]);
            _order.RemoveAll(members.Contains);
            _order.InsertRange(index, members);
            foreach (var m in members)
            {
                _groupOf[m] = groupId;
                _partial.Remove(m);
            }
            _groupAmount[groupId] = amount;
        }

        public ModeratedList Draw(decimal cap, FundingLinePolicy policy)
        {
            var awards = new Dictionary<string, decimal>();
            foreach (var id in _order.Where(id => !_groupOf.ContainsKey(id)))
                awards[id] = _partial.TryGetValue(id, out var p) ? p : _results[id].AmountRequested;
            foreach (var (group, amount) in _groupAmount)
            {
                var members = _order.Where(id => _groupOf.GetValueOrDefault(id) == group).ToList();
                var shares = SplitJointAward(amount, members.Select(m => _results[m].AmountRequested).ToList());
                for (var i = 0; i < members.Count; i++) awards[members[i]] = shares[i];
            }

            // Units: single bids, or a joint group funded or unfunded together.
            var units = new List<List<string>>();
            foreach (var id in _order)
            {
                if (_groupOf.TryGetValue(id, out var g) && units.Count > 0 && _groupOf.GetValueOrDefault(units[^1][0]) == g)
                    units[^1].Add(id);
                else
                    units.Add([id]);
            }

            var funded = new HashSet<string>();
            if (_lineAfter is not null)
            {
                var lastUnit = units.FindIndex(u => u.Contains(_lineAfter));
                foreach (var unit in units.Take(lastUnit + 1))
                    funded.UnionWith(unit.Where(id => !_declined.Contains(id)));
            }
            else
            {
                var line = FundingLine.Draw(units, cap, policy,
                    u => u.Sum(id => awards[id]),
                    u => u.All(id => _results[id].IsScored && !_declined.Contains(id)));
                for (var i = 0; i < units.Count; i++)
                    if (line[i].Funded) funded.UnionWith(units[i]);
            }

            decimal running = 0;
            var rows = new List<ModeratedRow>(_order.Count);
            for (var i = 0; i < _order.Count; i++)
            {
                var id = _order[i];
                var isFunded = funded.Contains(id);
                if (isFunded) running += awards[id];
                var group = _groupOf.GetValueOrDefault(id);
                rows.Add(new ModeratedRow(i + 1, _results[id], _rank[id], awards[id], isFunded, _declined.Contains(id),
                    isFunded ? running : null, group, group is null ? null : _groupAmount[group],
                    _conditions.TryGetValue(id, out var c) ? c.ToList() : []));
            }
            return new ModeratedList(cap, policy, _lineAfter, rows);
        }
    }
}
