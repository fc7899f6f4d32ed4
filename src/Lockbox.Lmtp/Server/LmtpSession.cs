// SPDX-License-Identifier: MIT
using Lockbox.Lmtp.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// One connection's command logic: the command gate (which command is allowed in which state) and
/// the handlers. It returns replies and never touches the connection (STYLE.md section 3).
/// </summary>
internal sealed class LmtpSession
{
    readonly IDeliveryService _delivery;
    readonly LmtpOptions _options;
    readonly bool _tlsOffered;

    /// <summary>True once STARTTLS has completed its handshake.</summary>
    bool _isTls;

    /// <param name="delivery">Vault's delivery API.</param>
    /// <param name="options">The limits and the TLS policy.</param>
    /// <param name="tlsOffered">True on the TCP listener, where STARTTLS is offered; false on the Unix socket.</param>
    public LmtpSession(IDeliveryService delivery, LmtpOptions options, bool tlsOffered)
    {
        _delivery = delivery;
        _options = options;
        _tlsOffered = tlsOffered;
    }

    public SessionState State { get; private set; } = new SessionState.Connected();

    /// <summary>Runs every command except DATA, whose body the connection streams (see <see cref="BeginData"/>).</summary>
    public async Task<LmtpReply> ExecuteAsync(LmtpCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case LhloCommand:
                // RFC 5321 section 4.1.4: a new greeting resets any transaction.
                State = new SessionState.Ready();
                return Replies.Capabilities(_options.HostName, _options.MaxMessageSize, offerStartTls: _tlsOffered && !_isTls);
            case MailCommand mail:
                return Mail(mail);
            case RcptCommand rcpt:
                return await RcptAsync(rcpt, cancellationToken);
            case SimpleCommand { Verb: LmtpVerb.Rset }:
                State = State is SessionState.Connected ? State : new SessionState.Ready();
                return Replies.Ok;
            case SimpleCommand { Verb: LmtpVerb.Noop }:
                return Replies.Ok;
            case SimpleCommand { Verb: LmtpVerb.Vrfy }:
                // RFC 5321 section 3.5.3: VRFY is disabled; 252 says "try RCPT" without revealing users.
                return Replies.CannotVerify;
            case SimpleCommand { Verb: LmtpVerb.Help }:
                return Replies.Help;
            case SimpleCommand { Verb: LmtpVerb.Quit }:
                return Replies.Bye;
            case SimpleCommand { Verb: LmtpVerb.StartTls }:
                return StartTls();
            default:
                throw new ArgumentException($"{command} is not handled here", nameof(command));
        }
    }

    /// <summary>The gate for DATA: 354 with the open transaction, or the 503 that refuses it.</summary>
    public (LmtpReply Reply, SessionState.InTransaction? Transaction) BeginData() => State switch
    {
        SessionState.InTransaction { Recipients.Count: > 0 } transaction => (Replies.StartData, transaction),
        SessionState.InTransaction => (Replies.RcptFirst, null),
        SessionState.Connected => (Replies.LhloFirst, null),
        _ => (Replies.MailFirst, null),
    };

    /// <summary>Ends the transaction after DATA, whatever its outcome.</summary>
    public void EndTransaction() => State = new SessionState.Ready();

    /// <summary>
    /// After the handshake: RFC 3207 section 4.2, the server forgets what the client said before it (its LHLO too), so the
    /// client greets again over TLS and sees the capabilities without STARTTLS.
    /// </summary>
    public void TlsStarted()
    {
        _isTls = true;
        State = new SessionState.Connected();
    }

    /// <summary><see cref="Replies.ReadyForTls"/> when the handshake may begin; the connection then runs it.</summary>
    LmtpReply StartTls() =>
        !_tlsOffered ? Replies.TlsNotOffered
        : _isTls ? Replies.TlsActive
        : State is SessionState.InTransaction ? Replies.TlsInTransaction
        : Replies.ReadyForTls;

    /// <summary>The replies after DATA: one per recipient, in RCPT order (RFC 2033 section 4.2).</summary>
    public static IEnumerable<LmtpReply> RepliesFor(IReadOnlyList<DeliveryResult> results) =>
        results.Select(r => r.Status switch
        {
            DeliveryStatus.Stored => Replies.Stored(r.Recipient),
            DeliveryStatus.StorageFull => Replies.StorageFull(r.Recipient),
            DeliveryStatus.OverQuota => Replies.MailboxFull(r.Recipient, temporary: false),
            DeliveryStatus.OverQuotaTemporary => Replies.MailboxFull(r.Recipient, temporary: true),
            _ => Replies.NotStored(r.Recipient, r.Status == DeliveryStatus.PermanentFailure, r.Reason),
        });

    LmtpReply Mail(MailCommand mail)
    {
        switch (State)
        {
            case SessionState.Connected:
                return Replies.LhloFirst;
            case SessionState.InTransaction:
                return Replies.NestedMail;
        }

        if (_options.RequireTls && _tlsOffered && !_isTls)
        {
            return Replies.TlsRequired;
        }

        // RFC 1870 section 6.1: refuse early when the declared size is over the limit.
        if (mail.DeclaredSize > _options.MaxMessageSize)
        {
            return Replies.TooBig(_options.MaxMessageSize);
        }

        State = new SessionState.InTransaction(mail, []);
        return Replies.SenderOk;
    }

    async Task<LmtpReply> RcptAsync(RcptCommand rcpt, CancellationToken cancellationToken)
    {
        if (State is not SessionState.InTransaction transaction)
        {
            return State is SessionState.Connected ? Replies.LhloFirst : Replies.MailFirst;
        }

        if (transaction.Recipients.Count >= _options.MaxRecipients)
        {
            return Replies.TooManyRecipients;
        }

        var check = await _delivery.CheckRecipientAsync(rcpt.Address, transaction.Mail.DeclaredSize, cancellationToken);
        switch (check)
        {
            case RecipientCheck.Local:
                State = transaction with { Recipients = [.. transaction.Recipients, rcpt.Address] };
                return Replies.RecipientOk;
            case RecipientCheck.Unknown:
                LmtpMetrics.Failed("unknown_user");
                return Replies.NoSuchUser;
            case RecipientCheck.KeyRequired:
                return Replies.KeyRequired;
            case RecipientCheck.OverQuota or RecipientCheck.OverQuotaTemporary:
                LmtpMetrics.Failed("over_quota");
                return Replies.MailboxFull(rcpt.Address, temporary: check == RecipientCheck.OverQuotaTemporary);
            default:
                return Replies.RecipientTemporaryFailure;
        }
    }
}
