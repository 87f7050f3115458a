using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Prioritise.Grains.Mail;
using Prioritise.Domain;
using Prioritise.Domain.Applications;
using Prioritise.Domain.Audit;
using Prioritise.Domain.Mail;
using Prioritise.Domain.Rounds;
using Prioritise.Domain.Validation;

namespace Prioritise.Grains.Applications;

/// <summary>An application's durable state (issue 15); one row, written whole.</summary>
[GenerateSerializer]
public sealed record ApplicationState
{
    [Id(0)] public int SchemaVersion { get; init; } = 1;
    [Id(1)] public string? ApplicantId { get; init; }
    [Id(2)] public string? Title { get; init; }
    [Id(3)] public string? Workstream { get; init; }
    [Id(4)] public string? SponsoringOrganisation { get; init; }
    [Id(5)] public ImmutableList<string> RecipientOrganisations { get; init; } = [];
    [Id(6)] public decimal? AmountRequested { get; init; }
    [Id(7)] public ImmutableDictionary<string, Answer> Answers { get; init; } = ImmutableDictionary<string, Answer>.Empty;
    [Id(8)] public ApplicationStatus Status { get; init; }
    [Id(9)] public ImmutableList<ScreeningStep> History { get; init; } = [];
    [Id(10)] public ImmutableList<AttachmentInfo> Attachments { get; init; } = [];
    [Id(11)] public long Version { get; init; }
    [Id(12)] public DateTimeOffset CreatedAt { get; init; }
    [Id(13)] public DateTimeOffset? SubmittedAt { get; init; }
    [Id(14)] public string? BidId { get; init; }
    [Id(15)] public ImmutableList<AuditEvent> Events { get; init; } = [];
    /// <summary>A multi-grain step begun here and not finished (<see cref="MultiGrainStep"/>): <see cref="Listing"/> or <see cref="Accepting"/>.</summary>
    [Id(16)] public PendingStep? Pending { get; init; }
    /// <summary>The screening letter written with the screening and not yet in the outbox (issue 17 item 5), as <c>RoundState.MailOwed</c>.</summary>
    [Id(17)] public ImmutableList<Prioritise.Domain.Mail.Letter> MailOwed { get; init; } = [];

    public bool Exists => ApplicantId is not null;

    /// <summary>Started: the round is yet to list it.</summary>
    public const string Listing = "list-application";
    /// <summary>Accepted: the round is yet to make the bid.</summary>
    public const string Accepting = "accept-application";
}

/// <summary>
/// One application (issue 15). Thin: it asks the round who the caller is and what the round
/// allows (<see cref="IRoundGrain.ApplicationContext"/>, interleaved), applies the domain's rules
/// (<see cref="RoundPolicy"/>, <see cref="ApplicationRules"/>, <see cref="ApplicationLifecycle"/>),
/// writes itself, and tells the round.
/// Two requests change both this grain and its round, as multi-grain steps: starting an
/// application (written with the marker <see cref="ApplicationState.Listing"/>, then the round
/// lists it) and accepting one (written <c>accepted</c> with <see cref="ApplicationState.Accepting"/>,
/// then the round makes the bid). Each follow-up is idempotent and is finished by the next request
/// to this grain or, after a crash, from a one-shot timer on activation.
/// </summary>
public sealed class ApplicationGrain([PersistentState("application", StorageNames.Default)] IPersistentState<ApplicationState> store)
    : Grain, IApplicationGrain
{
    // Interleaved reads (Summary, GetAudit) see only what is durable.
    private ApplicationState _durable = new();
    private string[]? _key;
    private string RoundId => (_key ??= GrainKeys.Parts(this.GetPrimaryKeyString()))[1];
    private string Id => (_key ??= GrainKeys.Parts(this.GetPrimaryKeyString()))[2];
    private ApplicationState State => store.State;
    private IRoundGrain Round => GrainFactory.Round(RoundId);

    /// <summary>An application carries its supporting papers, not a library.</summary>
    public const int MaxAttachments = 20;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durable = store.State;
        // Not from here: the round may be the one activating this grain (an interleaved read) and
        // busy until it answers, so a follow-up into the round waits for a timer.
        if (State.Pending is not null || State.MailOwed.Count > 0)
            this.RegisterGrainTimer(_ => FinishPending(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    private async Task Commit(ApplicationState next)
    {
        await store.Commit(next);
        _durable = next;
    }

    async Task<ApplicationView> IApplicationGrain.Save(Caller caller, SaveApplication command, bool creating)
    {
        var context = await Round.ApplicationContext(caller, Id);
        RoundPolicy.Require(context.Reader, RoundAction.Apply, RoundId);
        var valid = Validate.Check(new SaveApplicationValidator(), command);
        if (valid.Id is not null && valid.Id != Id)
            throw DomainException.Invalid("id", $"'id' must be this application's id ('{Id}').");
        await FinishPending();
        var now = DateTimeOffset.UtcNow;
        var status = State.Status;
        if (creating)
        {
            if (State.Exists || context.ListedApplicant is not null)
                throw DomainException.Conflict("id", $"An application with id '{Id}' already exists in this round.");
            if (context.BidIdTaken)
                throw DomainException.Conflict("id", $"A bid with id '{Id}' already exists in this round.");
            RoundLifecycle.Require(context.Status, RoundAction.Apply);
            context.Call.RequireTaking(now);
        }
        else
        {
            RequireExists();
            RoundPolicy.RequireOwnApplication(context.Reader, State.ApplicantId!);
            RoundLifecycle.Require(context.Status, RoundAction.Apply);
            ApplicationLifecycle.Require(status, ApplicationAction.Edit);
        }

        var submitting = valid.Submit == true;
        var (answers, amount, title) = Read(context, valid, submitting);
        if (submitting)
        {
            ApplicationLifecycle.Require(status, ApplicationAction.Submit);
            context.Call.RequireTaking(now, resubmission: status == ApplicationStatus.Returned);
        }

        var next = State with
        {
            ApplicantId = State.ApplicantId ?? caller.Id,
            Title = title,
            Workstream = valid.Workstream?.Trim(),
            SponsoringOrganisation = valid.SponsoringOrganisation?.Trim(),
            RecipientOrganisations = (valid.RecipientOrganisations ?? []).Select(o => o.Trim()).ToImmutableList(),
            AmountRequested = amount,
            Answers = answers.ToImmutableDictionary(StringComparer.Ordinal),
            Version = State.Version + 1,
            CreatedAt = creating ? now : State.CreatedAt,
        };
        var events = State.Events;
        if (creating)
        {
            events = events.Append(Source, caller.Id, AuditActions.ApplicationStarted, $"Application '{title ?? Id}' started.", bidId: Id, memberId: caller.Id);
            next = next with { Pending = new PendingStep(ApplicationState.Listing, caller, now) };
        }
        if (submitting)
        {
            next = next with
            {
                Status = ApplicationStatus.Submitted,
                SubmittedAt = now,
                History = next.History.Add(new ScreeningStep(ApplicationStatus.Submitted, caller.Id, now, null)),
            };
            events = events.Append(Source, caller.Id, AuditActions.ApplicationSubmitted,
                $"Application '{title}' {(status == ApplicationStatus.Returned ? "resubmitted" : "submitted")}: GBP {amount:N2} asked for.", bidId: Id, memberId: caller.Id);
        }
        else if (!creating)
            events = events.Append(Source, caller.Id, AuditActions.ApplicationSaved, $"Application '{title ?? Id}' saved as a draft.", bidId: Id, memberId: caller.Id);
        await Commit(next with { Events = events });
        await FinishPending();
        return View();
    }

    /// <summary>
    /// The answers the form takes, and the bid's amount and title. The amount is the body's, or
    /// the form's first money answer; given only in the body, it answers that section too (the
    /// default form's "Cost of scheme"). To submit, the fields a bid needs must be there: they are
    /// checked as any bid's (<see cref="AddBidValidator"/>), and every error is named at once.
    /// </summary>
    private static (IReadOnlyDictionary<string, Answer> Answers, decimal? Amount, string? Title) Read(
        ApplicationContext context, SaveApplication valid, bool submitting)
    {
        var inputs = new Dictionary<string, AnswerInput?>(valid.Answers ?? new Dictionary<string, AnswerInput?>(), StringComparer.Ordinal);
        var money = context.Form.Sections.FirstOrDefault(s => s.Kind == SectionKind.Money);
        if (money is not null && valid.AmountRequested is { } given && inputs.GetValueOrDefault(money.Id) is null)
            inputs[money.Id] = AnswerInput.Of(given);

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, Answer> answers = new Dictionary<string, Answer>();
        try { answers = ApplicationRules.Check(context.Form, context.Definition.Criteria, inputs, submitting); }
        catch (DomainException e) when (e.Refusal == Refusal.Invalid) { foreach (var (k, v) in e.Errors) errors[k] = v; }

        var amount = valid.AmountRequested ?? (money is not null && answers.TryGetValue(money.Id, out var m) ? m.Money : null);
        var title = valid.Title?.Trim() is { Length: > 0 } t ? t
            : answers.TryGetValue(DefaultForm.Title, out var a) && a.Text is { } fromForm ? fromForm : null;
        if (submitting)
        {
            var bid = new AddBid(null, title, valid.Workstream, valid.SponsoringOrganisation, valid.RecipientOrganisations, amount, null);
            try { Validate.Check(new AddBidValidator(), bid); }
            catch (DomainException e) when (e.Refusal == Refusal.Invalid) { foreach (var (k, v) in e.Errors) errors.TryAdd(k, v); }
        }
        if (errors.Count > 0)
            throw new DomainException(Refusal.Invalid, "Some answers need attention.", errors);
        return (answers, amount, title);
    }

    async Task<ApplicationView> IApplicationGrain.Get(Caller caller)
    {
        await GetChecked(caller);
        return View();
    }

    /// <summary>
    /// Who may read it: the secretary, the chair and the administrator (<see cref="RoundPolicy.MayReadApplication"/>),
    /// its applicant, and, once it is a bid, the scorers not conflicted on it (<see cref="Disclosure.MayReadApplication"/>).
    /// Others on the round are refused 403; outsiders learn nothing of it (404).
    /// </summary>
    private async Task<ApplicationContext> GetChecked(Caller caller)
    {
        var context = await Round.ApplicationContext(caller, Id);
        var reader = context.Reader;
        if (!reader.IsAdmin && reader.Seat is null) throw RoundPolicy.NoSuchRound(RoundId);
        RequireExists();
        var may = (RoundPolicy.Allows(reader, RoundAction.ReadApplications) && RoundPolicy.MayReadApplication(reader, State.ApplicantId!))
            || (State.BidId is { } bidId && Disclosure.MayReadApplication(reader, bidId, State.ApplicantId!));
        if (!may)
            throw DomainException.Forbidden(State.BidId is { } b && Disclosure.Withholds(reader, b)
                ? "Conflict of interest: you may not read this application."
                : "You may read only your own applications.");
        return context;
    }

    async Task<ApplicationView> IApplicationGrain.Screen(Caller caller, ScreenApplication command)
    {
        var context = await Round.ApplicationContext(caller, Id);
        RoundPolicy.Require(context.Reader, RoundAction.Screen, RoundId);
        var valid = Validate.Check(new ScreenApplicationValidator(), command);
        RequireExists();
        // A retry of an accept a crash left half done finishes it here.
        await FinishPending();
        var outcome = valid.Outcome!.Value;
        RoundLifecycle.Require(context.Status, RoundAction.Screen);
        var next = ApplicationLifecycle.Require(State.Status, ApplicationLifecycle.ActionOf(outcome));
        if (outcome == ScreeningOutcome.Accept && context.BidIdTaken)
            throw DomainException.Conflict("id", $"A bid with id '{Id}' already exists in this round: the application cannot become one.");
        var now = DateTimeOffset.UtcNow;
        var reason = valid.Reason?.Trim() is { Length: > 0 } r ? r : null;
        var (action, what) = outcome switch
        {
            ScreeningOutcome.Accept => (AuditActions.ApplicationAccepted, $"Application '{State.Title}' accepted: it becomes a bid."),
            ScreeningOutcome.Return => (AuditActions.ApplicationReturned, $"Application '{State.Title}' returned to its applicant."),
            _ => (AuditActions.ApplicationRejected, $"Application '{State.Title}' rejected."),
        };
        // The letter to the applicant is written in the same commit as the outcome, so a crash cannot
        // screen without mailing or mail without screening; the outbox gets it after (HandOverMail).
        var letter = await ScreeningLetter(context, outcome, reason, State.History.Count + 1);
        // The intent (MultiGrainStep): the outcome, and for an accept the marker that the bid is owed.
        await Commit(State with
        {
            Status = next,
            BidId = outcome == ScreeningOutcome.Accept ? Id : State.BidId,
            History = State.History.Add(new ScreeningStep(next, caller.Id, now, reason)),
            Events = State.Events.Append(Source, caller.Id, action, what, reason, Id, State.ApplicantId),
            Version = State.Version + 1,
            Pending = outcome == ScreeningOutcome.Accept ? new PendingStep(ApplicationState.Accepting, caller, now) : State.Pending,
            MailOwed = letter is null ? State.MailOwed : State.MailOwed.Add(letter),
        });
        await FinishPending();
        return View();
    }

    /// <summary>
    /// The follow-ups still owed (MultiGrainStep), each safe to repeat: the round lists the
    /// application; the round makes the bid from it. A bid the round refuses for good (the round
    /// closed scoring meanwhile) sends the application back to "submitted", with the reason in its history.
    /// </summary>
    private async Task FinishPending()
    {
        await FinishStep();
        await HandOverMail();
    }

    private async Task FinishStep()
    {
        if (State.Pending is not { } pending) return;
        if (pending.Step == ApplicationState.Listing)
        {
            await Round.NoteApplication(Id, State.ApplicantId!);
        }
        else if (pending.Step == ApplicationState.Accepting)
        {
            var bid = ApplicationBid.ToAddBid(Id, State.Title!, State.Workstream, State.SponsoringOrganisation!, State.RecipientOrganisations,
                State.AmountRequested!.Value, State.Answers);
            try
            {
                await Round.NoteApplication(Id, State.ApplicantId!);
                await Round.AddApplicationBid(pending.By, Id, bid);
            }
            catch (DomainException e) when (e.Refusal is Refusal.Conflict or Refusal.Invalid)
            {
                var now = DateTimeOffset.UtcNow;
                var why = $"The bid could not be made: {e.Message}";
                await Commit(State with
                {
                    Status = ApplicationStatus.Submitted,
                    BidId = null,
                    Pending = null,
                    // The acceptance letter is not sent: the application did not become a bid after all.
                    MailOwed = State.MailOwed.RemoveAll(l => l.Kind == Letters.ApplicationAccepted),
                    History = State.History.Add(new ScreeningStep(ApplicationStatus.Submitted, AuditActors.Service, now, why)),
                    Events = State.Events.Append(Source, AuditActors.Service, AuditActions.ApplicationSubmitted,
                        $"Application '{State.Title}' is back with the secretary.", why, Id, State.ApplicantId),
                });
                throw;
            }
        }
        await Commit(State with { Pending = null });
    }

    /// <summary>The applicant's letter for this screening, or null when they have no email to send it to.</summary>
    private async Task<Letter?> ScreeningLetter(ApplicationContext context, ScreeningOutcome outcome, string? reason, int step)
    {
        var profile = await GrainFactory.Member(State.ApplicantId!).GetProfile();
        if (profile?.Email is not { Length: > 0 } email) return null;
        var mail = ServiceProvider.GetService<MailSettings>() ?? MailSettings.Default;
        return Letters.ScreeningLetter(mail.MessageIdDomain, context.Definition, Id, State.Title, step,
            profile.Id, profile.Name, email, outcome, reason, mail.Page($"rounds/{Uri.EscapeDataString(RoundId)}/applications/{Uri.EscapeDataString(Id)}"));
    }

    /// <summary>The outbox keeps each letter once (by Message-ID), so handing over again after a crash is safe; then the marker is cleared.</summary>
    private async Task HandOverMail()
    {
        if (State.MailOwed.Count == 0) return;
        await GrainFactory.Outbox().Enqueue(State.MailOwed);
        await Commit(State with { MailOwed = [] });
    }

    async Task<AttachmentInfo> IApplicationGrain.Attach(Caller caller, string? fileName, byte[] content)
    {
        var context = await Round.ApplicationContext(caller, Id);
        RoundPolicy.Require(context.Reader, RoundAction.Apply, RoundId);
        RequireExists();
        RoundPolicy.RequireOwnApplication(context.Reader, State.ApplicantId!);
        RoundLifecycle.Require(context.Status, RoundAction.Apply);
        ApplicationLifecycle.Require(State.Status, ApplicationAction.Attach);
        if (content.LongLength > AttachmentTypes.MaxBytes)
            throw DomainException.TooLarge("file", "A file may be at most 10 MiB.");
        var type = AttachmentTypes.Judge(content, fileName)
            ?? throw DomainException.UnsupportedType("file", "The file is not a PDF, Word document (DOCX), Excel workbook (XLSX), CSV, PNG or JPEG, judged by what it contains.");
        if (State.Attachments.Count >= MaxAttachments)
            throw DomainException.Conflict("file", $"An application may carry at most {MaxAttachments} attachments.");
        var info = new AttachmentInfo(Ids.New(), AttachmentTypes.SafeName(fileName, type), content.LongLength,
            Convert.ToHexStringLower(SHA256.HashData(content)), AttachmentTypes.ContentType(type), DateTimeOffset.UtcNow, caller.Id);
        // The bytes first, in their own row: a crash before the next write leaves them unlisted and
        // unreachable, never a listed attachment without its bytes.
        await GrainFactory.Attachment(RoundId, Id, info.Id).Put(new AttachmentContent(info, content));
        await Commit(State with
        {
            Attachments = State.Attachments.Add(info),
            Events = State.Events.Append(Source, caller.Id, AuditActions.AttachmentAdded,
                $"Attachment '{info.Name}' ({info.ContentType}, {info.Size:N0} bytes, sha256 {info.Sha256}) added.", bidId: Id, memberId: caller.Id),
            Version = State.Version + 1,
        });
        return info;
    }

    async Task<AttachmentContent> IApplicationGrain.GetAttachment(Caller caller, string attachmentId)
    {
        await GetChecked(caller);
        var info = State.Attachments.FirstOrDefault(a => a.Id == attachmentId)
            ?? throw DomainException.NotFound("id", $"No attachment '{attachmentId}' on this application.");
        var content = await GrainFactory.Attachment(RoundId, Id, info.Id).Get()
            ?? throw new InvalidOperationException($"Attachment {info.Id} of {Id} is listed but its bytes are missing.");
        if (Convert.ToHexStringLower(SHA256.HashData(content.Bytes)) != info.Sha256)
            throw new InvalidOperationException($"Attachment {info.Id} of {Id} does not match its recorded sha256.");
        return content with { Info = info };
    }

    Task IApplicationGrain.ResumePendingSteps() => FinishPending();

    Task<ApplicationSummary?> IApplicationGrain.Summary()
    {
        var s = _durable;
        return Task.FromResult(s.Exists
            ? new ApplicationSummary(Id, s.ApplicantId!, s.Title, s.Status, s.AmountRequested, s.SubmittedAt, s.Version)
            : null);
    }

    Task<IReadOnlyList<AuditEvent>> IApplicationGrain.GetAudit() => Task.FromResult<IReadOnlyList<AuditEvent>>(_durable.Events);

    private string Source => $"application:{Id}";

    private void RequireExists()
    {
        if (!State.Exists) throw DomainException.NotFound("applicationId", $"No application '{Id}' in this round.");
    }

    private ApplicationView View()
    {
        var s = State;
        return new ApplicationView(Id, s.ApplicantId!, s.Title, s.Workstream, s.SponsoringOrganisation, s.RecipientOrganisations,
            s.AmountRequested, s.Answers, s.Status, s.History, s.Attachments, s.Version, s.CreatedAt, s.SubmittedAt,
            s.Pending is { Step: ApplicationState.Accepting } ? null : s.BidId);
    }
}

/// <summary>An attachment's bytes and details; written once.</summary>
[GenerateSerializer]
public sealed record AttachmentState
{
    [Id(0)] public AttachmentInfo? Info { get; init; }
    [Id(1)] public byte[] Bytes { get; init; } = [];
}

public sealed class AttachmentGrain([PersistentState("attachment", StorageNames.Default)] IPersistentState<AttachmentState> store)
    : Grain, IAttachmentGrain
{
    async Task IAttachmentGrain.Put(AttachmentContent content)
    {
        if (store.State.Info is { } kept)
        {
            if (kept.Sha256 == content.Info.Sha256) return;
            throw DomainException.Conflict("id", "This attachment is already kept with other bytes.");
        }
        await store.Commit(new AttachmentState { Info = content.Info, Bytes = content.Bytes });
    }

    Task<AttachmentContent?> IAttachmentGrain.Get() =>
        Task.FromResult(store.State.Info is { } info ? new AttachmentContent(info, store.State.Bytes) : null);
}
