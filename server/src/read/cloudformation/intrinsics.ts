/** CloudFormation intrinsic function names, template sections and the YAML short forms. */
export enum Intrinsic {
  Ref = 'Ref',
  GetAtt = 'Fn::GetAtt',
  Sub = 'Fn::Sub',
  Join = 'Fn::Join',
  Select = 'Fn::Select',
  Split = 'Fn::Split',
  If = 'Fn::If',
  Equals = 'Fn::Equals',
  Not = 'Fn::Not',
  And = 'Fn::And',
  Or = 'Fn::Or',
  Condition = 'Condition',
  FindInMap = 'Fn::FindInMap',
  Base64 = 'Fn::Base64',
  Cidr = 'Fn::Cidr',
  GetAZs = 'Fn::GetAZs',
  ImportValue = 'Fn::ImportValue',
  Transform = 'Fn::Transform',
  ToJsonString = 'Fn::ToJsonString',
  Length = 'Fn::Length',
  GetStackOutput = 'Fn::GetStackOutput',
  // Rule functions, valid in the Rules section's assertions.
  Contains = 'Fn::Contains',
  EachMemberEquals = 'Fn::EachMemberEquals',
  EachMemberIn = 'Fn::EachMemberIn',
  RefAll = 'Fn::RefAll',
  ValueOf = 'Fn::ValueOf',
  ValueOfAll = 'Fn::ValueOfAll',
}

export enum Section {
  FormatVersion = 'AWSTemplateFormatVersion',
  Parameters = 'Parameters',
  Conditions = 'Conditions',
  Mappings = 'Mappings',
  Resources = 'Resources',
  Outputs = 'Outputs',
  Transform = 'Transform',
}

export const SHORT_FORM_TAGS: ReadonlyMap<string, Intrinsic> = new Map([
  ['!Ref', Intrinsic.Ref],
  ['!GetAtt', Intrinsic.GetAtt],
  ['!Sub', Intrinsic.Sub],
  ['!Join', Intrinsic.Join],
  ['!Select', Intrinsic.Select],
  ['!Split', Intrinsic.Split],
  ['!If', Intrinsic.If],
  ['!Equals', Intrinsic.Equals],
  ['!Not', Intrinsic.Not],
  ['!And', Intrinsic.And],
  ['!Or', Intrinsic.Or],
  ['!Condition', Intrinsic.Condition],
  ['!FindInMap', Intrinsic.FindInMap],
  ['!Base64', Intrinsic.Base64],
  ['!Cidr', Intrinsic.Cidr],
  ['!GetAZs', Intrinsic.GetAZs],
  ['!ImportValue', Intrinsic.ImportValue],
  ['!Transform', Intrinsic.Transform],
  ['!ToJsonString', Intrinsic.ToJsonString],
  ['!Length', Intrinsic.Length],
  ['!GetStackOutput', Intrinsic.GetStackOutput],
  ['!Contains', Intrinsic.Contains],
  ['!EachMemberEquals', Intrinsic.EachMemberEquals],
  ['!EachMemberIn', Intrinsic.EachMemberIn],
  ['!RefAll', Intrinsic.RefAll],
  ['!ValueOf', Intrinsic.ValueOf],
  ['!ValueOfAll', Intrinsic.ValueOfAll],
]);

const ALL = new Set<string>(Object.values(Intrinsic));

/** True for the single key of an intrinsic function map (`Ref`, `Fn::If`, …). */
export function isIntrinsicKey(key: string): boolean {
  return ALL.has(key) && key !== Intrinsic.Condition;
}
