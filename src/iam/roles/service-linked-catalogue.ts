/**
 * The services whose service-linked roles Ward can create, and how each names its role. A service-linked
 * role's name is chosen by its service, not derived from the service principal, so only services listed
 * here are accepted (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html,
 * column "Service-linked roles"; each entry cites its service's page).
 */
export interface ServiceLinkedRoleSpec {
  /** The service principal (`AWSServiceName`). */
  readonly service: string;
  /** The role name the service uses (`AWSServiceRoleFor…`). */
  readonly roleName: string;
  /** Whether the service accepts `CustomSuffix` (the role is then `roleName_suffix`). */
  readonly customSuffix: boolean;
  /** The AWS managed policy the service attaches (under `policy/aws-service-role/`). */
  readonly policyName: string;
}

const SPECS: readonly ServiceLinkedRoleSpec[] = [
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html
  // ("AWSServiceRoleForAutoScaling_mysuffix": custom suffixes are supported).
  { service: 'autoscaling.amazonaws.com', roleName: 'AWSServiceRoleForAutoScaling', customSuffix: true, policyName: 'AutoScalingServiceRolePolicy' },
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-service-linked-roles-monitoring.html
  { service: 'elasticbeanstalk.amazonaws.com', roleName: 'AWSServiceRoleForElasticBeanstalk', customSuffix: false, policyName: 'AWSElasticBeanstalkServiceRolePolicy' },
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
  { service: 'ecs.amazonaws.com', roleName: 'AWSServiceRoleForECS', customSuffix: false, policyName: 'AmazonECSServiceRolePolicy' },
  // https://docs.aws.amazon.com/opensearch-service/latest/developerguide/slr.html
  { service: 'es.amazonaws.com', roleName: 'AWSServiceRoleForAmazonElasticsearchService', customSuffix: false, policyName: 'AmazonElasticsearchServiceRolePolicy' },
  // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/service-linked-roles-spot-instance-requests.html
  { service: 'spot.amazonaws.com', roleName: 'AWSServiceRoleForEC2Spot', customSuffix: false, policyName: 'AWSEC2SpotServiceRolePolicy' },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html
  { service: 'elasticloadbalancing.amazonaws.com', roleName: 'AWSServiceRoleForElasticLoadBalancing', customSuffix: false, policyName: 'AWSElasticLoadBalancingServiceRolePolicy' },
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAM.ServiceLinkedRoles.html
  { service: 'rds.amazonaws.com', roleName: 'AWSServiceRoleForRDS', customSuffix: false, policyName: 'AmazonRDSServiceRolePolicy' },
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html#orgs_integrate_services-using_slrs
  { service: 'organizations.amazonaws.com', roleName: 'AWSServiceRoleForOrganizations', customSuffix: false, policyName: 'AWSOrganizationsServiceTrustPolicy' },
  // https://docs.aws.amazon.com/awssupport/latest/user/using-service-linked-roles-sup.html
  { service: 'support.amazonaws.com', roleName: 'AWSServiceRoleForSupport', customSuffix: false, policyName: 'AWSSupportServiceRolePolicy' },
  // https://docs.aws.amazon.com/awssupport/latest/user/using-service-linked-roles-ta.html
  { service: 'trustedadvisor.amazonaws.com', roleName: 'AWSServiceRoleForTrustedAdvisor', customSuffix: false, policyName: 'AWSTrustedAdvisorServiceRolePolicy' },
  // https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html
  { service: 'config.amazonaws.com', roleName: 'AWSServiceRoleForConfig', customSuffix: false, policyName: 'AWSConfigServiceRolePolicy' },
  // https://docs.aws.amazon.com/eks/latest/userguide/using-service-linked-roles-eks.html
  { service: 'eks.amazonaws.com', roleName: 'AWSServiceRoleForAmazonEKS', customSuffix: false, policyName: 'AmazonEKSServiceRolePolicy' },
];

const BY_SERVICE = new Map(SPECS.map((s) => [s.service, s]));

/** The spec of a service principal (case-sensitive, as IAM treats service principals), if Ward knows it. */
export function serviceLinkedRoleSpec(service: string): ServiceLinkedRoleSpec | undefined {
  return BY_SERVICE.get(service);
}
