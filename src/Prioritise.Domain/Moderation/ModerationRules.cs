using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Checks a chair's command against the list as it stands and turns it into an action. The
    /// command's fields were checked where it entered the grain (<see cref="Validation.ModerationCommandValidator"/>);
    /// this is what it means against the list: the bids are there, a move is not relative to itself,
    /// an award is within the request, a joint group is not split, a revert is of a live action.
    /// </summary>
    public static ModerationAction Accept(
        ModerationCommand command, ModeratedList current, IReadOnlyList<ModerationAction> actions,
        string actionId, string actor, DateTimeOffset at)
    {
        var type = command.Type ?? throw new ArgumentException("An unvalidated command (no type).", nameof(command));
        var reason = command.Reason?.Trim();
        var action = new ModerationAction(actionId, type, actor, at, string.IsNullOrEmpty(reason) ? null : reason);

        switch (type)
        {
            case ModerationActionType.Move:
            {
                var row = Row(current, command.BidId, "bidId");
                var field = command.Before is not null ? "before" : "after";
                var target = Row(current, command.Before ?? command.After, field);
                if (target.Result.BidId == row.Result.BidId || (row.JointGroup is not null && row.JointGroup == target.JointGroup))
                    throw DomainException.Invalid(field, "A bid cannot be moved relative to itself or its own joint group.");
                return action with { BidId = row.Result.BidId, Before = command.Before, After = command.After };
            }
            case ModerationActionType.Award:
            {
                var row = Row(current, command.BidId, "bidId");
                var amount = command.Amount!.Value;
                if (amount > row.Result.AmountRequested)
                    throw DomainException.Invalid("amount", $"A partial award cannot exceed the request ({Display.Pounds(row.Result.AmountRequested)}).");
                if (row.JointGroup is not null)
                    throw DomainException.Conflict("bidId", "This bid shares a joint award; revert the joint award before awarding it alone.");
                return action with { BidId = row.Result.BidId, Amount = amount };
            }
            case ModerationActionType.JointAward:
            {
                var ids = command.BidIds!;
                var rows = ids.Select((id, i) => Row(current, id, $"bidIds[{i}]")).ToList();
                if (rows.FirstOrDefault(r => r.JointGroup is not null) is { } grouped)
                    throw DomainException.Conflict("bidIds", $"{grouped.Result.BidId} already shares a joint award; revert that first.");
                if (rows.FirstOrDefault(r => r.Declined) is { } declined)
                    throw DomainException.Conflict("bidIds", $"{declined.Result.BidId} has been declined.");
                var amount = command.Amount!.Value;
                var requested = rows.Sum(r => r.Result.AmountRequested);
                if (amount > requested)
                    throw DomainException.Invalid("amount", $"A joint award cannot exceed the bids' requests together ({Display.Pounds(requested)}).");
                return action with { BidIds = ids.ToList(), Amount = amount };
            }
            case ModerationActionType.Condition:
            {
                var row = Row(current, command.BidId, "bidId");
                var text = command.Text!.Trim();
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
                throw new ArgumentOutOfRangeException(nameof(command), type, "An unvalidated command (unknown type).");
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

    private static ModeratedRow Row(ModeratedList list, string? bidId, string field) =>
        list.Find(bidId!) ?? throw DomainException.NotFound(field, $"No bid '{bidId}' in this round.");

    /// <summary>
    /// The list being replayed: order, awards, groups, conditions, declines and the line. Bids are
    /// held by their row in the ranking, so replaying a chair's two hundred actions over two
    /// thousand bids moves integers rather than strings (each move shifts the whole order; with
    /// references every shift paid the collector's write barrier) and needs no dictionary per bid.
    /// </summary>
    private sealed class Board
    {
        private readonly RoundResults _results;
        private readonly IReadOnlyList<RankedBid> _ranking;
        private readonly Dictionary<string, int> _row;
        private readonly List<int> _order;
        private readonly decimal?[] _partial;
        private readonly string?[] _groupOf;
        private readonly Dictionary<string, decimal> _groupAmount = new();
        private readonly List<string>?[] _conditions;
        private readonly bool[] _declined;
        private string? _lineAfter;

        // The chair's every action replays over the same frozen ranking: its rows by bid id are
        // worked out once per ranking rather than once per replay.
        private static readonly ConditionalWeakTable<RoundResults, Dictionary<string, int>> RowsById = new();

        public Board(RoundResults ranking)
        {
            _results = ranking;
            _ranking = ranking.Bids;
            var count = _ranking.Count;
            _row = RowsById.GetValue(ranking, static r =>
            {
                var rows = new Dictionary<string, int>(r.Bids.Count, StringComparer.Ordinal);
                for (var i = 0; i < r.Bids.Count; i++) rows.Add(r.Bids[i].Result.BidId, i);
                return rows;
            });
            _order = new List<int>(count);
            for (var i = 0; i < count; i++) _order.Add(i);
            _partial = new decimal?[count];
            _groupOf = new string?[count];
            _conditions = new List<string>?[count];
            _declined = new bool[count];
        }

        public void Apply(ModerationAction a)
        {
            // A standing action can name a bid a revert has since changed around (a group now
            // gone, say); such steps are skipped rather than applied to a list they no longer fit.
            int bid;
            switch (a.Type)
            {
                case ModerationActionType.Move when Known(a.BidId, out bid) && Known(a.Before ?? a.After, out var target):
                    Move(bid, target, a.Before is not null);
                    break;
                case ModerationActionType.Award when Known(a.BidId, out bid) && _groupOf[bid] is null:
                    _partial[bid] = a.Amount!.Value;
                    break;
                case ModerationActionType.JointAward when a.BidIds!.All(id => Known(id, out var row) && _groupOf[row] is null):
                    Join(a.Id, a.BidIds!.Select(id => _row[id]).ToHashSet(), a.Amount!.Value);
                    break;
                case ModerationActionType.Condition when Known(a.BidId, out bid):
                    (_conditions[bid] ??= []).Add(a.Text!);
                    break;
                case ModerationActionType.Decline when Known(a.BidId, out bid) && _groupOf[bid] is null:
                    _declined[bid] = true;
                    break;
                case ModerationActionType.SetFundingLine when a.AfterBidId is null || Known(a.AfterBidId, out _):
                    _lineAfter = a.AfterBidId;
                    break;
            }
        }

        private bool Known(string? bidId, out int row)
        {
            row = -1;
            return bidId is not null && _row.TryGetValue(bidId, out row);
        }

        private BidResult Result(int row) => _ranking[row].Result;

        /// <summary>A bid and the rest of its joint group, in list order.</summary>
        private List<int> Unit(int row) => _groupOf[row] is { } g ? Group(g) : [row];

        /// <summary>A joint group's bids, in list order.</summary>
        private List<int> Group(string group) => _order.Where(r => _groupOf[r] == group).ToList();

        /// <summary>The bids of a unit: a run of the order.</summary>
        private ReadOnlySpan<int> Rows((int Start, int Count) unit) => CollectionsMarshal.AsSpan(_order).Slice(unit.Start, unit.Count);

        private void Move(int bid, int target, bool before)
        {
            if (_groupOf[bid] is null && _groupOf[target] is null)
            {
                // Most moves are one bid about another: no units to gather.
                if (bid == target) return;
                _order.Remove(bid);
                var at = _order.IndexOf(target);
                _order.Insert(before ? at : at + 1, bid);
                return;
            }
            var moving = Unit(bid);
            var targetUnit = Unit(target);
            if (targetUnit.Intersect(moving).Any()) return;
            _order.RemoveAll(moving.Contains);
            var index = before ? _order.IndexOf(targetUnit[0]) : _order.IndexOf(targetUnit[^1]) + 1;
            _order.InsertRange(index, moving);
        }

        private void Join(string groupId, HashSet<int> rows, decimal amount)
        {
            // The group sits together where its highest-placed bid stood.
            var members = _order.Where(rows.Contains).ToList();
            var index = _order.IndexOf(members[0]);
            _order.RemoveAll(rows.Contains);
            _order.InsertRange(index, members);
            foreach (var m in members)
            {
                _groupOf[m] = groupId;
                _partial[m] = null;
            }
            _groupAmount[groupId] = amount;
        }

        public ModeratedList Draw(decimal cap, FundingLinePolicy policy)
        {
            var awards = new decimal[_ranking.Count];
            foreach (var row in _order)
                if (_groupOf[row] is null) awards[row] = _partial[row] ?? Result(row).AmountRequested;
            foreach (var (group, amount) in _groupAmount)
            {
                var members = Group(group);
                var shares = SplitJointAward(amount, members.Select(m => Result(m).AmountRequested).ToList());
                for (var i = 0; i < members.Count; i++) awards[members[i]] = shares[i];
            }

            // Units: single bids, or a joint group funded or unfunded together; each a run of the order.
            var units = new List<(int Start, int Count)>(_order.Count);
            for (var at = 0; at < _order.Count; at++)
            {
                if (_groupOf[_order[at]] is { } g && units.Count > 0 && _groupOf[_order[units[^1].Start]] == g)
                    units[^1] = (units[^1].Start, units[^1].Count + 1);
                else
                    units.Add((at, 1));
            }

            var funded = new bool[_ranking.Count];
            if (_lineAfter is not null)
            {
                var lineAt = _order.IndexOf(_row[_lineAfter]);
                for (var at = 0; at < units.Count && units[at].Start <= lineAt; at++)
                    foreach (var row in Rows(units[at]))
                        funded[row] = !_declined[row];
            }
            else
            {
                var line = FundingLine.Draw(units, cap, policy, u => UnitAward(u, awards), Eligible);
                for (var at = 0; at < units.Count; at++)
                    if (line[at].Funded)
                        foreach (var row in Rows(units[at]))
                            funded[row] = true;
            }

            decimal running = 0;
            var rows = new List<ModeratedRow>(_order.Count);
            for (var i = 0; i < _order.Count; i++)
            {
                var row = _order[i];
                if (funded[row]) running += awards[row];
                var group = _groupOf[row];
                rows.Add(new ModeratedRow(i + 1, Result(row), _ranking[row].Rank, awards[row], funded[row], _declined[row],
                    funded[row] ? running : null, group, group is null ? null : _groupAmount[group],
                    _conditions[row] is { } c ? c.ToArray() : []));
            }
            return new ModeratedList(cap, policy, _lineAfter, rows);
        }

        private decimal UnitAward((int Start, int Count) unit, decimal[] awards)
        {
            decimal total = 0;
            foreach (var row in Rows(unit)) total += awards[row];
            return total;
        }

        /// <summary>A unit the line may fund: every bid in it scored (or the round has no scoring, issue 16) and none declined.</summary>
        private bool Eligible((int Start, int Count) unit)
        {
            foreach (var row in Rows(unit))
                if (!_results.Fundable(Result(row)) || _declined[row]) return false;
            return true;
        }
    }
}
