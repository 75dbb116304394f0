package builtins

import "strings"

// NamePair is a current name in French and in English.
type NamePair struct {
	French, English string
}

// namePairExceptions lists the registrations whose names do not follow the convention of
// NamePairs, keyed by all their names joined with "|": their current French/English pairs.
// Every name of the registration not in a pair is an old name of the first pair.
var namePairExceptions = map[string][]NamePair{
	// Functions.
	"DateSys|DateDuJour|Today":                                                            {{"DateSys", "DateSys"}, {"DateDuJour", "Today"}},
	"EmailRAZ|EmailRéinitialise|EmailReset":                                               {{"EmailRAZ", "EmailReset"}, {"EmailRéinitialise", "EmailReset"}},
	"HeureSys|TimeSys|Maintenant|Now":                                                     {{"HeureSys", "TimeSys"}, {"Maintenant", "Now"}},
	"NetNomMachine|NetMachineName|SysNomMachine|SysComputerName":                          {{"NetNomMachine", "NetMachineName"}, {"SysNomMachine", "SysComputerName"}},
	"fRenomme|fRename|fDéplaceFichier|fMoveFile":                                          {{"fRenomme", "fRename"}, {"fDéplaceFichier", "fMoveFile"}},
	"RAZ|Réinitialise|Reset":                                                              {{"RAZ", "Reset"}, {"Réinitialise", "Reset"}},
	"emailAttache|emailAttach|emailPièceJointe|emailAttachment":                           {{"emailAttache", "emailAttach"}, {"emailPièceJointe", "emailAttachment"}},
	"Attache|Attach|PièceJointe|Attachment":                                               {{"Attache", "Attach"}, {"PièceJointe", "Attachment"}},
	"NbAttache|NbAttach|NbPièceJointe|NbAttachment":                                       {{"NbAttache", "NbAttach"}, {"NbPièceJointe", "NbAttachment"}},
	"AccuséRéception|DemandeAccuséRéception|DispositionNotification|ReadReceipt":          {{"AccuséRéception", "ReadReceipt"}, {"DemandeAccuséRéception", "DispositionNotification"}},
	"AdresseRéponse|RéponseA|ReplyTo|ReplyAddress":                                        {{"RéponseA", "ReplyTo"}, {"AdresseRéponse", "ReplyAddress"}},
	"Date|DateEnvoi|SendDate":                                                             {{"Date", "Date"}, {"DateEnvoi", "SendDate"}},
	"Type|TypeMIME|ContentType|MIMEType":                                                  {{"Type", "ContentType"}, {"TypeMIME", "MIMEType"}},
	"emailOptionSécuriséTLS|emailOptionSecuredTLS|emailProtocolSMTPS|emailProtocoleSMTPS": {{"emailProtocoleSMTPS", "emailProtocolSMTPS"}},
	"optionSSL|optionTLS|emailOptionSSL|emailOptionTLS":                                   {{"optionTLS", "optionTLS"}},
}

// NamePairs gives the current French and English names of a registration from its names
// (interp.NameSet.Names): by convention Names[0] is the French name, Names[1] the English
// one (Names[0] again when there is only one), the rest old names. namePairExceptions lists
// the registrations that differ; the first pair is the one old names stand for.
func NamePairs(names []string) []NamePair {
	if len(names) == 0 {
		return nil
	}
	if p, ok := namePairExceptions[strings.Join(names, "|")]; ok {
		return p
	}
	en := names[0]
	if len(names) > 1 {
		en = names[1]
	}
	return []NamePair{{names[0], en}}
}
